# differential: silent
# Join.alias() on an outer join built by the join()/outerjoin() functions, anonymous and named, used as a
# FROM in a query of the same tables (1.4 never correlated it).
import sys

import sqlalchemy as sa

metadata = sa.MetaData()
users = sa.Table("users", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(30)))
orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id")),
    sa.Column("total", sa.Integer),
)

engine = sa.create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cid"}])
    conn.execute(orders.insert(), [{"id": 1, "user_id": 1, "total": 5}, {"id": 2, "user_id": 1, "total": 8}])

everyone = sa.outerjoin(
    users,
    orders,
    users.c.id == orders.c.user_id,
).alias()
named = sa.join(users, orders, users.c.id == orders.c.user_id, isouter=True).alias(name="uo")
print("anon keys:", list(everyone.c.keys()))
print("named keys:", list(named.c.keys()))
sys.stdout.flush()

with engine.connect() as conn:
    print("anon rows:", sorted(tuple(r) for r in conn.execute(sa.select(everyone))))
    print("named rows:", sorted(tuple(r) for r in conn.execute(sa.select(named))))
    c = list(named.c)
    print("in:", sorted(tuple(r) for r in conn.execute(sa.select(users.c.name).where(users.c.id.in_(sa.select(c[0]))))))
