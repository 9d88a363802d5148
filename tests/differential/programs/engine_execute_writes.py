# Engine.execute() of writes: 1.x committed each one by itself; the migrated blocks commit with engine.begin(),
# one block per statement, so a failed one does not undo the others.
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


engine.execute(users.insert(), {"name": "a"})
engine.execute(users.insert(), [{"name": "b"}, {"name": "c"}])
engine.execute(text("UPDATE users SET name = 'B' WHERE name = 'b'"))
engine.execute(users.delete().where(users.c.name == "c"))
engine.execute(text("CREATE TABLE audit (id INTEGER)"))
engine.execute(text("  insert into audit values (1)"))
try:
    engine.execute(users.insert(), {"id": 1, "name": "duplicate"})
except Exception as e:
    print("failed:", type(e).__name__)
engine.execute(users.insert(), {"name": "d"})
if True: engine.execute(users.update().where(users.c.name == "d"), {"name": "D"})
seen()
db = sqlite3.connect("app.db")
print("audit:", db.execute("SELECT * FROM audit").fetchall())
