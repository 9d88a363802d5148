# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
# A legacy call that heads a chain: its methods become the chain's last links, one chain in one pair of
# parentheses; a call written on one line stays on one line.
from sqlalchemy import Column, Integer, MetaData, Table, func, select
from sqlalchemy.sql.elements import ClauseElement

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer), Column("age", Integer))
orders = Table("orders", metadata, Column("id", Integer), Column("user_id", Integer))

one_line = select(func.count(orders.c.id)).where(orders.c.user_id == users.c.id).correlate(users).label("n")
heading = (
    select(func.count(orders.c.id))
    .where(orders.c.user_id == users.c.id)
    .correlate(users)
    .label("n")
)
commented = (
    select(func.count(orders.c.id))  # per user
    .where(orders.c.user_id == users.c.id)  # joined by hand
    .correlate(users)
)
own_parentheses = (select(orders.c.id).where(orders.c.user_id > 1)
                   # newest first
                   .order_by(orders.c.id.desc()))
multiline_method_args = select(users.c.id).where(users.c.age > 1).where(
    users.c.id < 10
)
aligned_method_args = (
    select(users.c.id)
    .where(users.c.age > 1)
    .where(users.c.id < 10,
           users.c.id > 0)
)

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
