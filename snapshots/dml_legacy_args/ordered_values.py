# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0).
from sqlalchemy import Column, Integer, MetaData, Table, update

metadata = MetaData()
t = Table("t", metadata, Column("id", Integer, primary_key=True), Column("x", Integer), Column("y", Integer))

chained = update(t).ordered_values((t.c.y, t.c.x + 1), (t.c.x, 2))
as_argument = update(t).where(t.c.id == 1).ordered_values((t.c.y, 3), (t.c.x, t.c.y + 1))
keyword = update(t).ordered_values(("y", 4), ("x", 5))
not_ordered = update(t).values({"x": 6})
multiline = (
    update(t)
    .ordered_values((t.c.y, 7), (t.c.x, 8))  # y first
)
