import sqlalchemy
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.sql import expression
from sqlalchemy.sql.expression import Insert
from sqlalchemy.sql.expression import delete as sql_delete

a = sqlalchemy.insert(t).values({"x": 1})
b = sa.sql.update(t).where(t.c.id == 1).values({"x": 2})
c = expression.delete(t).where(t.c.id == 1)
d = sql_delete(t).where(t.c.id == 2)
e = postgresql.insert(t).values({"x": 1}).on_conflict_do_nothing()
f = mysql_insert(t).values({"x": 1}).on_duplicate_key_update(x=2)
g = Insert(t).values({"x": 1})
h = sa.insert(table=t).values({"x": 1})
