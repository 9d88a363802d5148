# row["name"] and row[column] on 1.x rows: 2.0 Rows are named tuples (TypeError); row._mapping keeps them.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
metadata.create_all(engine)

with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}])

with engine.connect() as conn:
    for row in conn.execute(select(users).order_by(users.c.id)):
        print("loop:", row["id"], row["name"], row[users.c.name], row[0], row.name)
    first = conn.execute(text("SELECT id, name FROM users WHERE id = 2")).first()
    print("first:", first["name"], first[1])
    rows = conn.execute(select(users).order_by(users.c.id.desc())).fetchall()
    print("fetchall:", rows[0]["name"], [r["id"] for r in rows], [r[users.c.id] for r in rows[1:]])
    print("one:", conn.execute(select(users).where(users.c.id == 1)).one()["name"])
    key = "name"
    print("named key:", conn.execute(select(users)).fetchone()[key])

with engine.begin() as conn:
    for row in conn.execute(select(users)).fetchall():
        conn.execute(users.update().where(users.c.id == row["id"]).values(name=row["name"].upper()))

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, name FROM users ORDER BY id").fetchall())
