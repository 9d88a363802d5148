from sqlalchemy import inspect, MetaData, Table, create_engine
from sqlalchemy.engine import Connection, Engine

engine = create_engine("sqlite:///app.db")
metadata = MetaData()

names = inspect(engine).get_table_names()
in_schema = inspect(engine).get_table_names(schema="main")
positional = inspect(engine).get_table_names("main")
if not inspect(engine).has_table("users"):
    metadata.create_all(engine)
exists = inspect(engine).has_table("users", schema="main")  # keep this comment

insp = inspect(engine)
legacy = inspect(engine)
users = Table("users", metadata)
insp.reflect_table(users, None)
legacy.reflect_table(users, None, exclude_columns=("secret",))

# Reported: the Inspector must be made from the connection given here.
with engine.connect() as conn:
    through = engine.table_names(connection=conn)


def setup(conn):
    conn.execute("CREATE TABLE t (x INTEGER)")


def count(conn, table, minimum=0):
    return conn.execute(f"SELECT count(*) FROM {table}").scalar()


# transaction() becomes a with-block; run_callable() is reported (1.x autocommitted what fn wrote).
with engine.begin() as _conn:
    setup(_conn)
total = engine.run_callable(count, "t", minimum=1)


def on_connection(conn: Connection, target: Engine):
    setup(conn)
    n = count(conn, "t", minimum=1)
    conn.transaction(setup)
    return n, inspect(target).get_table_names(), inspect(target).has_table("t")
