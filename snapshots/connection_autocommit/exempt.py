# Connections whose semantics are already 2.0's, or inside an explicit transaction: nothing to add.
from sqlalchemy import Column, Integer, MetaData, Table, create_engine

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True))
engine = create_engine("sqlite:///app.db")
future = create_engine("sqlite:///app.db", future=True)
autocommit = create_engine("sqlite:///app.db", isolation_level="AUTOCOMMIT")
options = create_engine("sqlite:///app.db", execution_options={"isolation_level": "AUTOCOMMIT"})

with future.connect() as conn:
    conn.execute(users.insert())
with autocommit.connect() as conn:
    conn.execute(users.insert())
with options.connect() as conn:
    conn.execute(users.insert())
with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
    conn.execute(users.insert())
with engine.begin() as conn:
    conn.execute(users.insert())
with engine.connect() as conn:
    with conn.begin():
        conn.execute(users.insert())
    with conn.begin() as trans:
        conn.execute(users.delete())


def explicit():
    conn = engine.connect()
    trans = conn.begin()
    try:
        conn.execute(users.insert())
        trans.commit()
    except Exception:
        trans.rollback()
        raise


def already_2_0():
    with engine.connect() as conn:
        conn.execute(users.insert())
        conn.execute(users.insert())
        conn.commit()


def parameter(conn):
    conn.execute(users.insert())
