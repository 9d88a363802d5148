# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
# from_obj=/order_by=/group_by=/prefixes= given a name: its visible assignments decide. A list on one path
# and None on another → `*(x or ())` (1.x skipped None); one element or None for order_by/group_by →
# `.order_by(x)` (`.order_by(None)` adds nothing to a new statement); one element everywhere → `.m(x)`.
import sys

from sqlalchemy import column, select, table
from sqlalchemy.sql.elements import ClauseElement

users = table("users", column("id"), column("name"), column("active"))
addresses = table("addresses", column("id"), column("user_id"))

if len(sys.argv) > 5:
    ordering = None
    froms = None
else:
    ordering = [users.c.name, users.c.id]
    froms = [users.join(addresses, users.c.id == addresses.c.user_id)]

if len(sys.argv) > 5:
    grouping = users.c.id
    hint = None
else:
    grouping = None
    hint = ["/* hint */"]

single = users.c.active if len(sys.argv) > 5 else users.c.name
maybe_none = None if len(sys.argv) > 5 else users.c.id

list_or_none = select(users.c.id, addresses.c.id).select_from(*(froms or ())).order_by(*(ordering or ()))
element_or_none = select(users.c.id).group_by(grouping).order_by(maybe_none).prefix_with(*(hint or ()))
element_everywhere = select(users.c.id).group_by(single).order_by(single)

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
