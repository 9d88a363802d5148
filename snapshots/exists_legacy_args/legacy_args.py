# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
import sqlalchemy as sa
from sqlalchemy import and_, column, exists, select, table
from sqlalchemy.sql.elements import ClauseElement

users = table("users", column("id"), column("name"))
orders = table("orders", column("id"), column("user_id"), column("total"))

one_column = exists(orders.c.id).where(orders.c.user_id == users.c.id)
keyword_where = exists(orders.c.id).where(orders.c.total > 10)
two_columns = exists(sa.select(orders.c.id, orders.c.total).where(orders.c.total > 10))
with_limit = exists(sa.select(orders.c.id).where(orders.c.total > 10).limit(1))
from_list = exists(orders.c.id).select_from(orders).where(orders.c.user_id == users.c.id)
uncorrelated = exists(orders.c.id).where(orders.c.user_id == users.c.id).correlate(None)
ordered = exists(
    sa.select(orders.c.id, orders.c.user_id)  # which rows
    .where(and_(orders.c.user_id == users.c.id, orders.c.total > 10))  # big orders
    .order_by(orders.c.total)
)
cols = [orders.c.id]
named = exists(sa.select(*cols).where(orders.c.total > 1))
chained = exists(orders.c.id).where(orders.c.total > 1).where(orders.c.user_id == users.c.id)
attribute_style = sa.exists(orders.c.id).where(orders.c.total < 5)
positional_columns = exists(sa.select(orders.c.id, orders.c.total))

with_orders = select([users.c.name], one_column)
without_orders = select([users.c.name], ~exists(orders.c.id).where(orders.c.user_id == users.c.id))

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
