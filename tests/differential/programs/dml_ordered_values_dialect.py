# update(..., preserve_parameter_order=True) with a list of pairs, and dialect keyword arguments of DML constructors.
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, delete, select, update

metadata = MetaData()
counters = Table(
    "counters",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("x", Integer),
    Column("y", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(counters.insert(), [{"id": 1, "x": 1, "y": 1}, {"id": 2, "x": 2, "y": 2}, {"id": 3, "x": 3, "y": 3}])

with engine.begin() as conn:
    conn.execute(
        update(
            counters,
            counters.c.id == 1,
            values=[(counters.c.y, counters.c.x + 10), (counters.c.x, 7)],
            preserve_parameter_order=True,
        )
    )
    conn.execute(update(counters, counters.c.id == 2, mysql_limit=1, values={"x": 20}))
    conn.execute(delete(counters, counters.c.id == 3))

with engine.connect() as conn:
    print([tuple(r) for r in conn.execute(select(counters).order_by(counters.c.id))])
