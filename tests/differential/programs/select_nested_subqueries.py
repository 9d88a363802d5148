# Legacy selects nested in a legacy select: a scalar subquery in the column list, an IN subquery, and a
# derived table in from_obj.
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, func, select

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(30)))
addresses = Table(
    "addresses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id")),
    Column("email", String(50)),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cid"}])
    conn.execute(
        addresses.insert(),
        [
            {"id": 1, "user_id": 1, "email": "ann@work"},
            {"id": 2, "user_id": 1, "email": "ann@home"},
            {"id": 3, "user_id": 3, "email": "cid@work"},
        ],
    )

counts = select(
    [
        users.c.name,
        select([func.count(addresses.c.id)], addresses.c.user_id == users.c.id)
        .scalar_subquery()
        .label("n_addresses"),
    ],
    order_by=[users.c.id],
)
with_work = select(
    [users.c.name],
    users.c.id.in_(select([addresses.c.user_id], addresses.c.email.like("%@work"))),
    order_by=users.c.name,
)
derived = select([addresses.c.user_id, func.count().label("n")], group_by=[addresses.c.user_id]).subquery("d")
joined = select([users.c.name, derived.c.n], users.c.id == derived.c.user_id, from_obj=[users, derived])

with engine.connect() as conn:
    print("counts:", [tuple(r) for r in conn.execute(counts)])
    print("with work:", [tuple(r) for r in conn.execute(with_work)])
    print("derived:", sorted(tuple(r) for r in conn.execute(joined)))
