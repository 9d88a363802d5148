# differential: silent
# differential: not-1.4 the migrated program calls Connection.commit(), which 1.4 legacy connections lack
# A connection assigned from engine.connect() and used by functions; a returned result commits first.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
metadata.create_all(engine)


def seen():
    db = sqlite3.connect("app.db")
    print("second connection:", db.execute("SELECT id, name FROM users ORDER BY id").fetchall())
    db.close()


conn = engine.connect()


def add(name):
    return conn.execute(users.insert(), {"name": name}).inserted_primary_key[0]


def rename(old, new):
    return conn.execute(users.update().where(users.c.name == old), {"name": new}).rowcount


print("ids:", add("a"), add("b"), add("c"))
print("renamed:", rename("b", "B"))
conn.close()
seen()
