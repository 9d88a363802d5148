# SQLAlchemy 1.3's with_only_columns(columns) took any sequence: runs on 1.3 (before) and its snapshot on
# 1.4/2.0 (after), printing the same SQL.
from sqlalchemy import column, table

t = table("t", column("x"), column("y"))
print(t.select().with_only_columns(t.c.x, t.c.y))
print(t.select().with_only_columns(t.c.y))
