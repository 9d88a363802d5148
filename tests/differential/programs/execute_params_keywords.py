# Connection.execute()/scalar() with 1.x keyword parameters and several parameter dicts, on connections from
# engine.begin(), engine.connect() + begin() and an annotated parameter: 2.0 raises TypeError for each.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, text
from sqlalchemy.engine import Connection

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
metadata.create_all(engine)


def add(conn: Connection, name):
    conn.execute(users.insert(), name=name)


with engine.begin() as conn:
    conn.execute(users.insert(), name="a")
    conn.execute(users.insert(), id=10, **{"name": "b"})
    conn.execute(users.insert(), {"name": "c"}, {"name": "d"})
    conn.execute(
        users.insert(),
        {"name": "e"},
        {"name": "f"},
    )
    add(conn, "g")
    n = conn.scalar(select(users.c.id).where(users.c.name == text(":n")), n="b")
    print("id of b:", n)
    rows = conn.execute(text("SELECT name FROM users WHERE id > :low ORDER BY id"), low=2).fetchall()
    print("after 2:", [r.name for r in rows])
    print("named execution_options:", conn.execute(text("SELECT :execution_options"), execution_options=7).scalar())

with engine.connect() as conn:
    with conn.begin():
        conn.execute(users.update().where(users.c.name == text(":old")), old="a", name="A")

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, name FROM users ORDER BY id").fetchall())
