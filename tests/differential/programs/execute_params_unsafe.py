# Receivers the inference cannot prove (unannotated parameters), executing SQLAlchemy statements with 1.x
# keyword parameters and several dicts: unsafe fixes (the statement says only a Connection can run it).
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
metadata.create_all(engine)


def fill(conn):
    conn.execute(users.insert(), name="a")
    conn.execute(users.insert(), {"name": "b"}, {"name": "c"})
    conn.execute(text("UPDATE users SET name = :new WHERE name = :old"), new="B", old="b")
    return conn.scalar(select(users.c.id).where(users.c.name == text(":n")), n="c")


with engine.begin() as c:
    print("id of c:", fill(c))

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, name FROM users ORDER BY id").fetchall())
