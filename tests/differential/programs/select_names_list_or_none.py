# from_obj=/order_by=/group_by=/prefixes= given names that hold a list on one path and None on another
# (1.x skipped None): `.select_from(*(x or ()))` and the like keep both paths' rows.
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, func, select

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(50)))
orders = Table(
    "orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id")),
    Column("total", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)

with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cid"}])
    conn.execute(
        orders.insert(),
        [{"id": 1, "user_id": 1, "total": 5}, {"id": 2, "user_id": 1, "total": 7}, {"id": 3, "user_id": 3, "total": 2}],
    )


def report(joined):
    if joined:
        froms = [users.join(orders, users.c.id == orders.c.user_id)]
        grouping = [users.c.name]
        ordering = [users.c.name.desc()]
    else:
        froms = None
        grouping = None
        ordering = None
    return select([users.c.name, func.count()], from_obj=froms, group_by=grouping, order_by=ordering)


def newest(by_total):
    ordering = orders.c.total if by_total else None
    return select([orders.c.id], order_by=ordering, limit=2)


with engine.connect() as conn:
    print("joined:", [tuple(r) for r in conn.execute(report(True))])
    print("plain:", [tuple(r) for r in conn.execute(report(False))])
    print("by total:", [tuple(r) for r in conn.execute(newest(True))])
    print("unordered:", sorted(tuple(r) for r in conn.execute(newest(False))))
