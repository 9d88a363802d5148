# Engine.execute() inside functions, loops and branches, on an engine passed as an annotated parameter and
# reached through conn.engine; the connection's name avoids the names a function already uses.
import sqlite3

from sqlalchemy.engine import Connection, Engine

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
metadata.create_all(engine)


def seen():
    db = sqlite3.connect("app.db")
    print("second connection:", db.execute("SELECT id, name FROM users ORDER BY id").fetchall())
    db.close()



def fill(db: Engine, names):
    conn = len(names)
    for name in names:
        db.execute(users.insert(), {"name": name})
    return conn


def purge(c: Connection):
    c.engine.execute(users.delete().where(users.c.name == "b"))


def longest(db: Engine):
    res = db.execute(
        select(users.c.name).order_by(func.length(users.c.name).desc(), users.c.name)
    )
    best = res.first()
    return best.name


print("filled:", fill(engine, ["a", "b", "ccc"]))
with engine.connect() as c:
    purge(c)
print("longest:", longest(engine))
seen()
