# differential: silent
# differential: not-1.4 the migrated program calls Connection.commit(), which 1.4 legacy connections lack
# DDL on an engine.connect() connection, by create_all(conn), Table.create(conn) and text(): 1.x committed it.
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


audit = Table("audit", MetaData(), Column("id", Integer, primary_key=True))
extra = MetaData()
Table("tags", extra, Column("id", Integer, primary_key=True))
with engine.connect() as conn:
    extra.create_all(conn)
    audit.create(conn)
    conn.execute(text("CREATE INDEX ix_users_name ON users (name)"))
    conn.execute(audit.insert(), {"id": 7})
    conn.execute(users.insert(), {"name": "a"})
seen()
db = sqlite3.connect("app.db")
print("tables:", [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name")])
print("audit:", db.execute("SELECT * FROM audit").fetchall())
