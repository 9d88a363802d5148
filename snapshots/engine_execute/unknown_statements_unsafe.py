# Statements whose type is not known, and begin() blocks that would also run other code before the COMMIT:
# unsafe fixes, reported without --unsafe-fixes.
from sqlalchemy import Column, Integer, MetaData, Table, create_engine

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True))


def run(sql, *args):
    with engine.begin() as conn:
        conn.execute(sql, *args)
    with engine.begin() as conn:
        return conn.execute(sql).rowcount


def run_built(name):
    with engine.begin() as conn:
        conn.execute("DELETE FROM %s" % name)


def notify(send):
    with engine.begin() as conn:
        send(conn.execute(users.insert()).inserted_primary_key)
    with engine.begin() as conn:
        for row in conn.execute(users.insert().returning(users.c.id)):
            send(row.id)
