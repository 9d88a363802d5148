# MetaData(engine): 2.0 reads the first positional argument as schema= (and raises).
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine

engine = create_engine("sqlite:///app.db")
metadata = MetaData(engine)
items = Table("items", metadata, Column("id", Integer, primary_key=True), Column("sku", String(10)))


def setup():
    metadata.drop_all()
    metadata.create_all()


setup()
with engine.begin() as conn:
    conn.execute(items.insert(), [{"sku": "a-1"}, {"sku": "b-2"}])
engine.dispose()

db = sqlite3.connect("app.db")
print("items:", db.execute("SELECT id, sku FROM items ORDER BY id").fetchall())
