# Table.select(whereclause, **kw) on proven FROM clauses: a Table, its alias, and a join.
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine

metadata = MetaData()
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(30)),
    Column("age", Integer),
)
pets = Table(
    "pets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", ForeignKey("users.id")),
    Column("species", String(10)),
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
            {"id": 4, "name": "dee", "age": 19},
        ],
    )
    conn.execute(
        pets.insert(),
        [{"id": 1, "owner_id": 1, "species": "cat"}, {"id": 2, "owner_id": 3, "species": "dog"}],
    )

adults = users.select(users.c.age >= 21, order_by=[users.c.age.desc()], limit=2)
older = users.alias("u2")

with engine.connect() as conn:
    print("adults:", [tuple(r) for r in conn.execute(adults)])
    print("all by name:", [tuple(r) for r in conn.execute(users.select(order_by=users.c.name))])
    print("keyword where:", [tuple(r) for r in conn.execute(users.select(whereclause=users.c.id == 2))])
    print(
        "alias:",
        [tuple(r) for r in conn.execute(older.select(older.c.age < 30, order_by=older.c.id))],
    )
    print(
        "join:",
        [
            tuple(r)
            for r in conn.execute(
                users.join(pets, pets.c.owner_id == users.c.id).select(
                    pets.c.species == "dog",  # only dog owners
                    use_labels=True,
                )
            )
        ],
    )
