# MetaData(bind=engine): create_all(), drop_all(), Table.create()/drop()/exists() ran on the bound engine;
# 2.0 rejects MetaData(bind=) and needs the engine at each call.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine

engine = create_engine("sqlite:///app.db")
metadata = MetaData(bind=engine)
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
scratch = Table("scratch", metadata, Column("id", Integer, primary_key=True))

metadata.create_all()
print("users exists:", users.exists(), "scratch exists:", scratch.exists())
scratch.drop()
print("scratch after drop:", scratch.exists())
scratch.create(checkfirst=True)
scratch.create(checkfirst=True)
with engine.begin() as conn:
    conn.execute(users.insert(), [{"name": "ada"}, {"name": "bob"}])
reflected = MetaData()
reflected.reflect(bind=engine)
print("reflected:", sorted(reflected.tables))
engine.dispose()

db = sqlite3.connect("app.db")
print("tables:", sorted(r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")))
print("users:", db.execute("SELECT id, name FROM users ORDER BY id").fetchall())
