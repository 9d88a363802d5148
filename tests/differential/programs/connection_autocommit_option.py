# differential: silent
# differential: not-1.4 the migrated program calls Connection.commit(), which 1.4 legacy connections lack
# differential: finding contains REPLACE
# execution_options(autocommit=True) made 1.x commit a statement its regex did not recognise; 2.0 ignores
# the option without a word. A statement without it that 1.x did not commit is reported and left alone.
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
    conn.execute(text("REPLACE INTO users (id, name) VALUES (1, 'r')").execution_options(autocommit=True))
    conn.execute(users.insert(), {"name": "a"})
    conn.execute(text("REPLACE INTO users (id, name) VALUES (1, 'not kept')"))
seen()
