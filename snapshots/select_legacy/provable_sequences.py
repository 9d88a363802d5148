# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
# Calls of the builtins list/tuple/sorted always return a sequence (never None), so the columns they
# make are splatted as a safe fix, as is a name every assignment of which is one of them.
from sqlalchemy import column, func, select, table
from sqlalchemy.sql.elements import ClauseElement

users = table("users", column("id"), column("name"), column("active"))
names = ("id", "name")

listed = select(*list(users.c[n] for n in names))
tupled = select(*tuple(users.c[n] for n in names)).where(users.c.active == True)
ordered = select(*sorted([users.c.name, users.c.id], key=lambda c: c.name)).limit(3)
list_plus_list = select(*list(users.c[n] for n in names), func.count()).group_by(*list(users.c))
starred_display = [*users.c, func.now()]
starred_named = select(*starred_display)

if len(names) > 1:
    chosen = list(users.c[n] for n in names)
else:
    chosen = [users.c.id]
branches = select(*chosen).order_by(*chosen)
branches_plus = select(*chosen, users.c.active).group_by(*chosen).having(func.count() > 1)


def by_prefixes(prefixes):
    # `prefixes=prefixes` would be an unsafe fix (1.x skipped None); list() is never None
    return select(users.c.id).prefix_with(*list(prefixes))


with_prefixes = by_prefixes(["/* hint */"])

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
