# row.keys(), row.items(), row.values(), dict(row), has_key(), iterkeys()/itervalues(): gone from 2.0 Rows.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
metadata.create_all(engine)

with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}])

with engine.connect() as conn:
    row = conn.execute(select(users).where(users.c.id == 1)).first()
    print("keys:", list(row.keys()))
    print("items:", list(row.items()))
    print("values:", list(row.values()))
    print("dict:", dict(row), dict(row, extra=1))
    print("has_key:", row.has_key("name"), row.has_key("missing"), not row.has_key("id"))
    print("iterkeys:", list(row.iterkeys()), list(row.itervalues()))
    copies = [dict(r) for r in conn.execute(select(users).order_by(users.c.id))]
    print("copies:", copies)

with engine.begin() as conn:
    for r in conn.execute(select(users)).fetchall():
        conn.execute(users.insert(), {k: (v + 10 if k == "id" else v) for k, v in r.items()})

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, name FROM users ORDER BY id").fetchall())
