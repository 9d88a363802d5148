# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
import sqlalchemy as sa
from sqlalchemy.sql.elements import ClauseElement

t = sa.table("t", sa.column("id"), sa.column("x"))

via_alias = sa.select(t.c.id).where(t.c.x > 1).subquery("a")
via_expression = sa.select(t.c.x).limit(2).subquery("b")

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
