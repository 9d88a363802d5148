# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
# `.select(...)` with legacy arguments heading a chain: one chain, the methods as its last links.
from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.sql.elements import ClauseElement

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer), Column("age", Integer))

one_line = users.select().where(users.c.age > 30).order_by(users.c.id).limit(3)
heading = (
    users.select()
    .where(users.c.age > 30)
    .order_by(users.c.id)
    .limit(3)
    .offset(1)
)

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
