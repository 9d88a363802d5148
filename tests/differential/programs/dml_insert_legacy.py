# insert(table, values=..., inline=..., prefixes=...) constructor arguments.
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

metadata = MetaData()
notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("body", String(40)),
    Column("stars", Integer, default=0),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)

with engine.begin() as conn:
    conn.execute(insert(notes, values={"id": 1, "body": "first", "stars": 5}))
    conn.execute(insert(notes, {"id": 2, "body": "positional values"}))
    conn.execute(
        insert(
            notes,
            values=[
                {"id": 3, "body": "multi a", "stars": 1},  # multi-values INSERT
                {"id": 4, "body": "multi b", "stars": 2},
            ],
        )
    )
    conn.execute(insert(notes, inline=True), {"id": 5, "body": "inline"})
    ignored = conn.execute(
        insert(notes, prefixes=["OR IGNORE"]),
        [{"id": 1, "body": "duplicate"}, {"id": 6, "body": "new"}],
    )
    print("ignored rowcount:", ignored.rowcount)
    auto = conn.execute(insert(notes, values={"body": "generated id"}, return_defaults=True))
    print("generated key:", tuple(auto.inserted_primary_key))

with engine.connect() as conn:
    print([tuple(r) for r in conn.execute(select(notes).order_by(notes.c.id))])
