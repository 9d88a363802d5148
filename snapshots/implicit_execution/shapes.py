# The four shapes of §2c, one with-block per statement; begin() for writes, connect() for reads.
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData(bind=engine)
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))


def write():
    with engine.begin() as conn:
        conn.execute(users.insert(), {"name": "a"})  # keyword parameters: one dict
    with engine.begin() as conn:
        conn.execute(users.insert(), [{"name": "b"}, {"name": "c"}])
    with engine.begin() as conn:
        conn.execute(users.update(users.c.id == 1), {"name": "z"})
    with engine.begin() as conn:
        conn.execute(users.delete().where(users.c.name == "c"))
    text("UPDATE users SET name = 'y' WHERE id = 2").execute()
    if engine:
        with engine.begin() as conn:
            conn.execute(users.insert(), {"name": "d"})


def read():
    with engine.connect() as conn:
        n = conn.execute(select([func.count()]).select_from(users)).scalar()
    with engine.connect() as conn:
        first = conn.execute(users.select()).first()
    with engine.connect() as conn:
        m = conn.scalar(select([func.count(users.c.id)]))
    with engine.connect() as conn:
        for row in conn.execute(users.select()):
            print(row.name)
    with engine.connect() as conn:
        res = conn.execute(users.select().order_by(users.c.id))
        rows = res.fetchall()
        print(res.rowcount, len(rows))
    return n, m, first, rows


def count():
    with engine.connect() as conn:
        return conn.execute(select([func.count(users.c.id)])).scalar()
