# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, column, exists, table
from sqlalchemy.sql.elements import ClauseElement

t = table("t", column("id"), column("x"))

star = exists().select().where(t.c.id == 1)
filtered = exists(t.c.id).where(t.c.x > 1).select().where(t.c.id == 2).limit(5)
keyword = exists(t.c.id).where(t.c.x > 3).select().where(t.c.id > 0)
criterion = exists(t.c.id).where(t.c.x > 4)
by_name = (
    criterion.select()
    .where(t.c.id < 10)
    .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
)  # labelled
uncorrelated = exists(t.c.id).correlate(None).select().where(t.c.x == 1)

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
