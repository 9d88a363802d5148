# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
# A PostgreSQL ARRAY column plus a list is one column expression (`intarr || [...]`), not a list of
# columns: only a `+` whose every side is proven a list/tuple is split into the select's arguments.
from sqlalchemy import Integer, column, select, table
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import ClauseElement

arrtable = table("arrtable", column("id", Integer), column("intarr", ARRAY(Integer)))

array_plus_list = select(arrtable.c.intarr + [4, 5, 6])
listed_array_plus_list = select(arrtable.c.intarr + [4, 5, 6])
listed_array_plus_list_where = select(arrtable.c.intarr + [4, 5, 6]).where(arrtable.c.id > 1)
listed_array_plus_two = select(arrtable.c.id, arrtable.c.intarr + [7]).limit(2)

cols = [arrtable.c.id]
proven_plus_list = select(*cols, arrtable.c.intarr + [8])
list_plus_proven = select(arrtable.c.intarr + [9], *cols).where(arrtable.c.id == 3)

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
