# Columns built with list()/tuple()/sorted(), a starred display, list(x) + [y], and a name assigned one of
# them on each branch: splatted as safe fixes; the rows must be the same on 1.4 and 2.0.
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select

metadata = MetaData()
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("age", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)

with engine.begin() as conn:
    conn.execute(
        users.insert(),
        [
            {"id": 1, "name": "ann", "age": 31},
            {"id": 2, "name": "bob", "age": 25},
            {"id": 3, "name": "cid", "age": 42},
            {"id": 4, "name": "dee", "age": 25},
        ],
    )

wanted = ("id", "name")
if len(wanted) > 5:
    chosen = [users.c.id]
else:
    chosen = list(users.c[n] for n in wanted)

with engine.connect() as conn:
    print("list():", sorted(tuple(r) for r in conn.execute(select(list(users.c[n] for n in wanted)))))
    print("tuple():", [tuple(r) for r in conn.execute(select(tuple(users.c), users.c.age > 30, order_by=users.c.id))])
    print("sorted():", [tuple(r) for r in conn.execute(select(sorted(users.c, key=lambda c: c.name), limit=2))])
    print("starred:", [tuple(r) for r in conn.execute(select([*chosen, users.c.age], order_by=chosen))])
    print(
        "list() + [y]:",
        [tuple(r) for r in conn.execute(select(list(users.c[n] for n in ("age",)) + [func.count()], group_by=[users.c.age], order_by=users.c.age))],
    )
    print("branches:", [tuple(r) for r in conn.execute(select(chosen, order_by=chosen, offset=1))])
    ws = select([users.c.id]).with_only_columns(list(chosen))
    print("with_only_columns:", sorted(tuple(r) for r in conn.execute(ws)))
