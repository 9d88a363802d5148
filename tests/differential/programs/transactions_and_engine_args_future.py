# differential: not-1.4 future=True dropped: a 1.4 engine without it is a legacy one, without conn.commit()
# create_engine(future=True): accepted and ignored by 2.0, dropped; String(convert_unicode=True) raises on
# 2.0. A future engine's connection commits as 2.0 does.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select

engine = create_engine("sqlite:///app.db", future=True)
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20, convert_unicode=True)))
metadata.create_all(engine)
with engine.connect() as conn:
    conn.execute(users.insert(), [{"name": "a"}, {"name": "b"}])
    conn.commit()
    conn.execute(users.insert(), {"name": "lost"})
with engine.connect() as conn:
    print("names:", conn.execute(select(users.c.name).order_by(users.c.id)).scalars().all())

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, name FROM users").fetchall())
