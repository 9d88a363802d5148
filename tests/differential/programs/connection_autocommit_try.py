# differential: silent
# differential: not-1.4 the migrated program calls Connection.commit(), which 1.4 legacy connections lack
# differential: finding inside this try
# A failed write caught by the program: 1.x rolled the statement back by itself; the commits after the
# other writes keep them, as 1.x did.
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
    conn.execute(users.insert(), {"id": 1, "name": "a"})
    for name in ("b", "a-again"):
        try:
            conn.execute(users.insert(), {"id": 1 if name == "a-again" else None, "name": name})
        except Exception as e:
            print("failed:", name, type(e).__name__)
    conn.execute(users.insert(), {"name": "c"})
seen()
