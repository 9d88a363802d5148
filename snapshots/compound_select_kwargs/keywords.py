# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
import sqlalchemy as sa
from sqlalchemy import column, except_, except_all, intersect, intersect_all, select, table, union, union_all
from sqlalchemy.sql.elements import ClauseElement

staff = table("staff", column("name"), column("age"))
clients = table("clients", column("name"), column("age"))
s1 = select([staff.c.name])
s2 = select([clients.c.name])

ordered = union(s1, s2).order_by("name").limit(10)
offset = union_all(s1, s2).order_by("name").offset(1)
only_staff = except_(s1, s2).order_by("name")
both = intersect(s1, s2).limit(5)
both_all = intersect_all(s1, s2).group_by("name")
except_everything = except_all(s1, s2).limit(3).offset(1)
unlabelled = sa.union(select([staff.c.name, staff.c.age]), select([clients.c.name, clients.c.age]))
ignored_correlate = union(s1, s2)
nothing_left = union(s1, s2)
statements = [s1, s2]
starred = union(*statements).order_by("name")
everyone = (
    union(
        select([staff.c.name]),
        select([clients.c.name]),  # the clients
    )
    # alphabetical
    .order_by("name")
    .limit(4)
)
aligned = (
    union_all(s1,
              s2)
    .limit(2)
)

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
