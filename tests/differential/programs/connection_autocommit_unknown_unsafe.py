# differential: silent
# differential: not-1.4 the migrated program calls Connection.commit(), which 1.4 legacy connections lack
# Statements whose type is not known where they run: a commit after each, with --unsafe-fixes (right after
# writes, harmless after plain SELECTs).
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



def run(sql, params):
    with engine.connect() as conn:
        conn.execute(sql, params)


def fetch(sql):
    with engine.connect() as conn:
        return conn.execute(sql).fetchall()


run(users.insert(), {"name": "a"})
run(text("INSERT INTO users (name) VALUES (:n)"), {"n": "b"})
print("fetched:", [tuple(r) for r in fetch(select(users).order_by(users.c.id))])
seen()
