# DDL(...).execute(bind=e), seq.execute(e): the engine is the bind given.
from sqlalchemy import select, DDL, Sequence, text
from sqlalchemy.schema import CreateTable


def migrate(engine, table):
    with engine.begin() as conn:
        conn.execute(DDL("CREATE INDEX ix_name ON users (name)"))
    with engine.begin() as conn:
        conn.execute(DDL("DROP INDEX ix_name"))
    with engine.begin() as conn:
        conn.execute(CreateTable(table))


def next_id(engine):
    seq = Sequence("user_id_seq")
    with engine.connect() as conn:
        return conn.scalar(select(seq.next_value()))


def check(engine):
    with engine.connect() as conn:
        assert conn.scalar(select(Sequence("order_id_seq").next_value())) > 0
