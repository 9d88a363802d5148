# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
import sqlalchemy
import sqlalchemy as sa
from sqlalchemy.sql import expression, select as sql_select
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.expression import select as expression_select

t = sa.table("t", sa.column("id"), sa.column("x"))

aliased_module = sa.select(t.c.id).where(t.c.x > 1).set_label_style(sqlalchemy.LABEL_STYLE_TABLENAME_PLUS_COL)
full_module = sqlalchemy.select(t.c.id).order_by(t.c.x)
deep_attribute = sa.sql.expression.select(t.c.id).where(t.c.x > 2)
module_object = expression.select(t.c.x).limit(1)
renamed_sql = sql_select(t.c.id, t.c.x).where(t.c.id == 3)
renamed_expression = expression_select(t.c.x).distinct()

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
