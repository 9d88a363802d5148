# Legacy select() with a column list, a whereclause (positional and keyword) and from_obj.
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

with engine.connect() as conn:
    print("columns:", sorted(tuple(r) for r in conn.execute(select([users.c.id, users.c.name]))))
    print("table:", sorted(tuple(r) for r in conn.execute(select([users]))))
    print("where:", sorted(tuple(r) for r in conn.execute(select([users.c.name], users.c.age > 30))))
    print(
        "whereclause kw:",
        [tuple(r) for r in conn.execute(select([users.c.id, users.c.age], whereclause=users.c.id == 2))],
    )
    print("from_obj:", conn.execute(select([func.count()], from_obj=[users])).scalar())
    print("empty where:", sorted(tuple(r) for r in conn.execute(select([users.c.id], None))))
    print("tuple cols:", sorted(tuple(r) for r in conn.execute(select((users.c.age, users.c.id)))))
