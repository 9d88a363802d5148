# differential: finding the Result escapes the connection scope
# A result that escapes (returned unconsumed) is reported, never rewritten; the rest of the program is.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.schema import CreateTable

engine = create_engine("sqlite:///app.db")
metadata = MetaData(bind=engine)
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))


def create_returning_result(e: Engine):  # never called here: the finding says how to fix it by hand
    return CreateTable(users).execute(bind=e)


metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(users.insert(), {"name": "ada"})
users.insert().execute(name="bob")
engine.dispose()

db = sqlite3.connect("app.db")
print("users:", db.execute("SELECT id, name FROM users ORDER BY id").fetchall())
