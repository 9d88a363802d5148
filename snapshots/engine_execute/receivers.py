# Engines the inference proves: an annotated parameter, conn.engine, an engine of another name; the connection
# name avoids the names the scope uses.
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine


def purge(db: Engine, conn):
    with db.begin() as connection:
        connection.execute(text("DELETE FROM cache"))
    return conn


def via_connection(c: Connection):
    with c.engine.begin() as conn:
        conn.execute(text("DELETE FROM cache"))


def make():
    e = create_engine("sqlite://")
    connection = 1
    with e.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER)"))
    return connection
