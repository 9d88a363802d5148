# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0).
from sqlalchemy import Column, Integer, MetaData, Table, insert, update

metadata = MetaData()
t = Table("t", metadata, Column("id", Integer, primary_key=True), Column("x", Integer), Column("y", Integer))


def build():
    stmt = (
        update(t)
        .where(t.c.id == 5)  # the row to change
        .values({
            "x": 1,
            "y": 2,
        })
        .returning(t.c.id, t.c.x)  # primary key
        # never needed
        .with_dialect_options(mysql_limit=1)
    )
    return stmt


statement = build()
nested = [
    (
        insert(t)  # target
        .values({"x": 3})
        .inline()
    ),
]
wrapped = (
    insert(t)
    .values({"x": 4})  # trailing
)
only_dropped = insert(
    t,  # nothing left to chain
)
flag_only = (
    update(t)
    .where(t.c.id == 1)
    .return_defaults()  # ignored by 1.4's update()
)
