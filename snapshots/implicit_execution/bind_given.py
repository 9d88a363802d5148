# DDL(...).execute(bind=e), seq.execute(e): the engine is the bind given (proven an Engine).
from sqlalchemy import select, DDL, Sequence, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateTable


def migrate(engine: Engine, table):
    with engine.begin() as connection:
        connection.execute(DDL("CREATE INDEX ix_name ON users (name)"))
    with engine.begin() as connection:
        connection.execute(DDL("DROP INDEX ix_name"))
    with engine.begin() as connection:
        connection.execute(CreateTable(table))


def next_id(engine: Engine):
    seq = Sequence("user_id_seq")
    with engine.connect() as connection:
        return connection.scalar(select(seq.next_value()))


def check(engine: Engine):
    with engine.connect() as connection:
        assert connection.scalar(select(Sequence("order_id_seq").next_value())) > 0


def on_a_connection(conn: Connection):
    DDL("DROP INDEX ix_name").execute(conn)  # reported: conn.execute(...) and a commit
