# What cannot be rewritten: reported.
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, text

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True))
engine = create_engine("sqlite:///app.db")
configured = create_engine("sqlite:///app.db", **{"future": True})
legacy_wide = create_engine("sqlite:///app.db", execution_options={"autocommit": True})


def create_database(name):
    conn = engine.connect()
    conn.execute("commit")
    conn.execute(text("CREATE DATABASE " + name))
    conn.commit()


def configured_engine():
    with configured.connect() as conn:
        conn.execute(users.insert())


def in_header(ids):
    with engine.connect() as conn:
        if conn.execute(users.delete()).rowcount:
            print("deleted")
        for i in ids:
            pass
        later = lambda: conn.execute(users.insert())
        [conn.execute(users.insert(), {"id": i}) for i in ids]
        conn.execute(users.insert()); conn.execute(users.delete())
        later()


def begun_elsewhere(flag):
    conn = engine.connect()
    trans = conn.begin()
    try:
        conn.execute(users.insert())
        trans.commit()
    except Exception:
        trans.rollback()
    conn.execute(users.insert())


def option_on_connection():
    conn = engine.connect().execution_options(autocommit=True)
    conn.execute(text("SELECT refresh()"))
    other = engine.connect()
    other.execution_options(autocommit=True)
