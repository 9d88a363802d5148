# Engine.execute() results consumed in the statement, iterated by a loop, or bound to a name and used in the
# same block: the block holds the connection for as long as the result is used.
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


engine.execute(users.insert(), [{"name": n} for n in "abc"])
n = engine.execute(select(func.count()).select_from(users)).scalar()
print("count:", n)
names = [r.name for r in engine.execute(select(users).order_by(users.c.id))]
print("names:", names)
rows = engine.execute(select(users).order_by(users.c.id.desc())).fetchall()
print("rows:", [tuple(r) for r in rows])
for row in engine.execute(text("SELECT id, name FROM users ORDER BY id")):
    print("row", row.id, row.name)
else:
    print("loop done")


def add(name):
    res = engine.execute(users.insert(), {"name": name})
    new_id = res.inserted_primary_key[0]
    return new_id


def report():
    res = engine.execute(select(users.c.name).order_by(users.c.name))
    print("keys:", list(res.keys()))
    for row in res:
        print("name:", row.name)


print("added:", add("d"))
report()
deleted = engine.execute(users.delete().where(users.c.name == "a")).rowcount
print("deleted:", deleted)
print("first:", engine.scalar(select(users.c.name).where(users.c.id == 2)))
print("by param:", engine.scalar(text("SELECT name FROM users WHERE id = :i"), {"i": 3}))
seen()
