from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Connection, Engine


def engine() -> Engine:
    return create_engine("sqlite://")


def run(conn: Connection):
    return conn.execute(select(text("1"))).scalar()
