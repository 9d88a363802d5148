# Implicit execution of reads: scalar(), terminals, a loop over the result, a result used in the next
# statements (shapes 2-4 of the spec); each becomes an engine.connect() block.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select

engine = create_engine("sqlite:///app.db")
metadata = MetaData(bind=engine)
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
metadata.create_all()
with engine.begin() as conn:
    conn.execute(users.insert(), [{"name": "ada"}, {"name": "bob"}, {"name": "cy"}])


def count():
    return select([func.count()]).select_from(users).execute().scalar()


def names():
    out = []
    for row in users.select().order_by(users.c.id).execute():
        out.append(row.name)
    return out


def report():
    res = select([users.c.name]).where(users.c.id > 1).order_by(users.c.id).execute()
    rows = res.fetchall()
    keys = list(res.keys())
    return keys, [tuple(r) for r in rows]


print("count:", count())
print("scalar:", select([func.max(users.c.id)]).scalar())
print("func:", func.count(users.c.id).scalar())
print("first:", tuple(users.select().where(users.c.name == "bob").execute().first()))
print("names:", names())
print("report:", report())
engine.dispose()

db = sqlite3.connect("app.db")
print("users:", db.execute("SELECT id, name FROM users ORDER BY id").fetchall())
