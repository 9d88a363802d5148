# 1.x calling styles around a Select used as a FROM: select([...], whereclause, from_obj=[inner]) and
# select([inner.c.x]); select-legacy and select-as-from together must keep the single implicit subquery.
import warnings

import sqlalchemy as sa
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select

if not sa.__version__.startswith("1."):
    warnings.simplefilter("error", sa.exc.SADeprecationWarning)

md = MetaData()
users = Table("users", md, Column("id", Integer, primary_key=True), Column("name", String), Column("score", Integer))

engine = create_engine("sqlite://")
md.create_all(engine)
with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": i, "name": f"u{i}", "score": i * 10} for i in range(1, 8)])

ranked = select([users.c.id, users.c.name], users.c.score >= 30)
names = select([ranked.c.name], ranked.c.id < 6, from_obj=[ranked]).order_by(ranked.c.name)
top = select([ranked.c.id]).where(ranked.c.name != "u4").order_by(ranked.c.id.desc()).limit(2)

with engine.connect() as conn:
    print([tuple(r) for r in conn.execute(names)])
    print([tuple(r) for r in conn.execute(top)])
