# Statements whose type is not known where they run: engine.begin() with --unsafe-fixes (right for writes,
# harmless for plain SELECTs).
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



def run(sql, **params):
    engine.execute(sql, params)


def count(sql):
    return engine.execute(sql).scalar()


run(text("INSERT INTO users (name) VALUES (:name)"), name="u")
run(users.insert(), name="v")
run(text("DELETE FROM users WHERE name = :name"), name="u")
print("count:", count(text("SELECT count(*) FROM users")))
seen()
