# A parameter annotated Row is one: row["k"] and row.keys() in the function are migrated.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select
from sqlalchemy.engine import Row

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
items = Table("items", metadata, Column("id", Integer, primary_key=True), Column("label", String(20)))
metadata.create_all(engine)


def describe(row: Row) -> str:
    return ", ".join(f"{k}={row[k]}" for k in row.keys()) + " / " + str(row["label"])


with engine.begin() as conn:
    conn.execute(items.insert(), [{"id": 1, "label": "pen"}, {"id": 2, "label": "ink"}])
    for r in conn.execute(select(items).order_by(items.c.id)).fetchall():
        print(describe(r))
        conn.execute(items.update().where(items.c.id == r.id).values(label=describe(r)))

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, label FROM items ORDER BY id").fetchall())
