# exists() with the legacy column list and whereclause, as a WHERE criterion and negated.
import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, exists, select

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(30)))
orders = Table(
    "orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id")),
    Column("total", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cid"}])
    conn.execute(
        orders.insert(),
        [{"id": 1, "user_id": 1, "total": 5}, {"id": 2, "user_id": 3, "total": 50}, {"id": 3, "user_id": 3, "total": 7}],
    )

has_orders = exists([orders.c.id], orders.c.user_id == users.c.id)
has_big_order = sa.exists(
    [orders.c.id],
    # correlated to the enclosing users row
    sa.and_(orders.c.user_id == users.c.id, orders.c.total > 10),
)

with engine.connect() as conn:
    print("with orders:", [tuple(r) for r in conn.execute(select([users.c.name], has_orders, order_by=users.c.id))])
    print("without:", [tuple(r) for r in conn.execute(select([users.c.name], ~has_orders, order_by=users.c.id))])
    print("big:", [tuple(r) for r in conn.execute(select([users.c.name], has_big_order))])
    print("any order:", conn.execute(select([exists([orders.c.id], orders.c.total > 40)])).scalar())
