# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
from sqlalchemy import column, func, select, table
from sqlalchemy.sql.elements import ClauseElement

users = table("users", column("id"), column("name"), column("active"))
addresses = table("addresses", column("id"), column("user_id"), column("email"))

listed = select(users.c.id, users.c.name)
whole_table = select(users)
as_tuple = select(users.c.id, users.c.name)
one_tuple = select(users.c.id).where(users.c.active == True)
comprehension = select(*[users.c[name] for name in ("id", "name")])
generator = select(*(users.c[name] for name in ("id", "name")))
nothing = select()
no_columns = select().where(users.c.id > 1)
keyword_columns = select(users.c.id).where(users.c.id > 5)
starred_inside = select(*users.c, func.now())

cols = [users.c.id, users.c.name]
named = select(*cols)
named_where = select(*cols).where(users.c.active == True)
plus_literal = select(*cols, func.count()).group_by(*cols)
literal_plus = select(users.c.id, *cols)
collection_where = select(users.c).where(users.c.id == 7)

scalar_in_columns = select(
    users.c.name, select(func.count(addresses.c.id)).where(addresses.c.user_id == users.c.id).as_scalar()
)

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
