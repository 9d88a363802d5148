# sqlalchemy.future imports: 2.0 deprecates the module; its names are sqlalchemy's (Engine/Connection via
# sqlalchemy.engine). relation() is what makes the original fail on 2.0.
# differential: not-1.4 on 1.4 sqlalchemy.create_engine is the legacy engine (conn.commit() is 2.0 API)
import os
import sqlite3

from sqlalchemy import Column, Integer, MetaData, Table, insert
from sqlalchemy.orm import relation
from sqlalchemy.future import Connection, Engine, create_engine, select

if os.path.exists("app.db"):
    os.remove("app.db")
metadata = MetaData()
t = Table("t", metadata, Column("id", Integer, primary_key=True))


def make() -> Engine:
    return create_engine("sqlite:///app.db")


def fill(conn: Connection) -> None:
    conn.execute(insert(t), [{"id": 1}, {"id": 2}])
    conn.commit()


engine = make()
metadata.create_all(engine)
with engine.connect() as conn:
    fill(conn)
    print(conn.execute(select(t.c.id).order_by(t.c.id)).scalars().all())
    print(isinstance(conn, Connection), isinstance(engine, Engine))
assert relation is not None
print("second connection:", sqlite3.connect("app.db").execute("select count(*) from t").fetchone())
