# differential: silent
# differential: not-1.4 the migrated program calls Connection.commit(), which 1.4 legacy connections lack
# Writes on an engine.connect() connection: 1.x committed each one; 2.0 rolls them back when the block ends.
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


with engine.connect() as conn:
    conn.execute(users.insert(), [{"name": "a"}, {"name": "b"}])
    conn.execute(text("UPDATE users SET name = 'B' WHERE name = 'b'"))
    print("inside:", conn.execute(select(func.count()).select_from(users)).scalar())
    conn.execute(users.insert(), {"name": "c"})
    conn.exec_driver_sql("DELETE FROM users WHERE name = 'c'")
    n = conn.scalar(select(func.count()).select_from(users))
    print("count:", n)
seen()
