# The removed subquery() function imported by name: the migrated module must not import it any more.
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, subquery

metadata = MetaData()
scores = Table(
    "scores",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("player", String(20)),
    Column("points", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(
        scores.insert(),
        [{"id": i, "player": p, "points": n} for i, (p, n) in enumerate([("a", 5), ("b", 50), ("a", 70), ("c", 8)], 1)],
    )

low = subquery("low", [scores.c.id, scores.c.player], scores.c.points < 10)

with engine.connect() as conn:
    print("low:", [tuple(r) for r in conn.execute(select([low.c.player], order_by=low.c.id))])
