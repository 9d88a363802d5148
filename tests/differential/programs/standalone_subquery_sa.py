# The removed sqlalchemy.subquery(alias, columns, whereclause, **kw) function, `import sqlalchemy as sa` style.
import sqlalchemy as sa

metadata = sa.MetaData()
scores = sa.Table(
    "scores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("player", sa.String(20)),
    sa.Column("points", sa.Integer),
)

engine = sa.create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(
        scores.insert(),
        [{"id": i, "player": p, "points": n} for i, (p, n) in enumerate([("a", 5), ("b", 50), ("a", 70), ("c", 8)], 1)],
    )

high = sa.subquery("high", [scores.c.player, scores.c.points], scores.c.points > 6)
best = sa.subquery(
    "best",
    [scores.c.player, sa.func.max(scores.c.points).label("top")],
    # one row per player
    group_by=[scores.c.player],
)

with engine.connect() as conn:
    print("high:", sorted(tuple(r) for r in conn.execute(sa.select([high.c.player, high.c.points]))))
    print("high keys:", list(high.c.keys()))
    print("best:", [tuple(r) for r in conn.execute(sa.select([best], order_by=best.c.player))])
