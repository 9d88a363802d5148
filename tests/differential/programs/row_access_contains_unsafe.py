# differential: silent
# "name" in row: 1.x tested the row's keys, 2.0 tests its values (False, silently); the unsafe fix tests
# row._mapping, as 1.x did.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)), Column("email", String(40)))
metadata.create_all(engine)

with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": 1, "name": "ann", "email": None}, {"id": 2, "name": "bob", "email": "b@x"}])

with engine.connect() as conn:
    row = conn.execute(select(users.c.id, users.c.name)).first()
    print("name in row:", "name" in row, "email" not in row, "ann" in row, users.c.name in row)

with engine.begin() as conn:
    for row in conn.execute(select(users).order_by(users.c.id)):
        if "email" in row and row.email is None:
            conn.execute(users.update().where(users.c.id == row.id).values(email=row.name + "@example.com"))

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, email FROM users ORDER BY id").fetchall())
