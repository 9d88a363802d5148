# update(table, whereclause, values) and delete(table, whereclause), positional and keyword, both import styles.
import sqlalchemy as sa
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, delete, select, update

metadata = MetaData()
stock = Table(
    "stock",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item", String(20)),
    Column("qty", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(
        stock.insert(),
        [{"id": i, "item": n, "qty": q} for i, (n, q) in enumerate([("nut", 10), ("bolt", 0), ("gear", 3), ("cog", 0), ("pin", 8)], 1)],
    )

with engine.begin() as conn:
    r = conn.execute(update(stock, stock.c.id == 1, values={"qty": stock.c.qty + 5}))
    print("update positional:", r.rowcount)
    r = conn.execute(
        sa.update(
            stock,
            whereclause=stock.c.qty == 0,  # restock empty bins
            values={"qty": 1},
        )
    )
    print("update keywords:", r.rowcount)
    r = conn.execute(update(stock, values={"item": sa.func.upper(stock.c.item)}))
    print("update all:", r.rowcount)
    r = conn.execute(delete(stock, stock.c.item == "GEAR"))
    print("delete positional:", r.rowcount)
    r = conn.execute(sa.delete(stock, whereclause=stock.c.qty > 9))
    print("delete keyword:", r.rowcount)

with engine.connect() as conn:
    print([tuple(r) for r in conn.execute(select(stock).order_by(stock.c.id))])
