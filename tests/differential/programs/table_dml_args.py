# Table.insert(values)/Table.update(whereclause, values)/Table.delete(whereclause) on a module-level Table.
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine

metadata = MetaData()
people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20)),
    Column("score", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)

with engine.begin() as conn:
    conn.execute(people.insert({"id": 1, "name": "ann", "score": 1}))
    conn.execute(people.insert(values={"id": 2, "name": "bob", "score": 2}))
    conn.execute(
        people.insert(
            [
                {"id": 3, "name": "cid", "score": 3},
                {"id": 4, "name": "dee", "score": 4},  # multi-values INSERT
            ]
        )
    )
    conn.execute(people.insert(inline=True), {"id": 5, "name": "eve", "score": 5})
    print("update positional:", conn.execute(people.update(people.c.id == 1, {"score": 100})).rowcount)
    print(
        "update keywords:",
        conn.execute(
            people.update(
                whereclause=people.c.score < 4,
                values={"name": "low"},
            )
        ).rowcount,
    )
    print("update all:", conn.execute(people.update(values={"score": people.c.score + 1})).rowcount)
    print("delete positional:", conn.execute(people.delete(people.c.id == 4)).rowcount)
    print("delete keyword:", conn.execute(people.delete(whereclause=people.c.name == "eve")).rowcount)

with engine.connect() as conn:
    print([tuple(r) for r in conn.execute(people.select().order_by(people.c.id))])
