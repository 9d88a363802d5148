# differential: silent
# Sequence("s"): 1.4 emitted START WITH 1, 2.0 emits no start (SQL Server then starts at -2**63, a
# descending or minvalue sequence elsewhere at its own default); start=1 keeps 1.4's DDL.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, Sequence, String, Table, create_engine, select
from sqlalchemy.dialects import mssql, oracle, postgresql
from sqlalchemy.schema import CreateSequence

metadata = MetaData()
orders = Table(
    "orders",
    metadata,
    Column("id", Integer, Sequence("order_id_seq"), primary_key=True),
    Column("label", String(20)),
)
countdown = Sequence("countdown_seq", increment=-1, metadata=metadata)

for dialect in (postgresql.dialect(), oracle.dialect(), mssql.dialect()):
    for seq in (orders.c.id.default, countdown):
        print(dialect.name, str(CreateSequence(seq).compile(dialect=dialect)))

engine = create_engine("sqlite:///app.db")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(orders.insert(), [{"label": "a"}, {"label": "b"}])
    print("rows:", conn.execute(select(orders.c.id, orders.c.label).order_by(orders.c.id)).fetchall())

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, label FROM orders ORDER BY id").fetchall())
