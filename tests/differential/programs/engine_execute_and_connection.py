# differential: not-1.4 the migrated program calls Connection.commit(), which 1.4 legacy connections lack
# Both codemods in one program: engine.execute() blocks need no commit of connection-autocommit's (their
# engine.connect() blocks hold only what 1.x did not commit); the program's own connection does.
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
print("count:", engine.execute(select(func.count()).select_from(users)).scalar())
with engine.connect() as conn:
    conn.execute(users.insert(), {"name": "b"})
    for row in conn.execute(select(users).order_by(users.c.id)):
        print("row:", row.id, row.name)
seen()
