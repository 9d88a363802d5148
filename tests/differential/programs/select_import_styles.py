# The legacy select() reached through other import paths: sqlalchemy.sql, sqlalchemy.sql.expression, an
# import alias, and a module alias.
import sqlalchemy.sql.expression as expr
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine
from sqlalchemy.sql import and_, or_, select
from sqlalchemy.sql.expression import select as sql_select

metadata = MetaData()
items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10)),
    Column("price", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(
        items.insert(),
        [
            {"id": 1, "kind": "fruit", "price": 3},
            {"id": 2, "kind": "fruit", "price": 9},
            {"id": 3, "kind": "veg", "price": 2},
            {"id": 4, "kind": "veg", "price": 12},
        ],
    )

with engine.connect() as conn:
    print(
        "sql.select:",
        [tuple(r) for r in conn.execute(select([items.c.id], and_(items.c.kind == "fruit", items.c.price > 5)))],
    )
    print(
        "expression alias:",
        [
            tuple(r)
            for r in conn.execute(
                sql_select([items.c.id, items.c.price], or_(items.c.price < 3, items.c.price > 10), order_by=items.c.id)
            )
        ],
    )
    print(
        "module alias:",
        [tuple(r) for r in conn.execute(expr.select([items.c.kind], distinct=True, order_by=[items.c.kind]))],
    )
