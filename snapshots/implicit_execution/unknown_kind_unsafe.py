# Execution options splatted from a variable may hold autocommit=...: whether 1.x committed is unknown, and
# begin() (which commits) is an unsafe fix.
from sqlalchemy import DDL, Column, Integer, MetaData, Table, create_engine

engine = create_engine("sqlite:///app.db")
metadata = MetaData(bind=engine)
users = Table("users", metadata, Column("id", Integer, primary_key=True))


def run(opts):
    with engine.begin() as conn:
        conn.execute(users.select().execution_options(**opts))


def migrate(bind):
    # not proven an Engine: `with bind.begin()` is an unsafe fix (on a Connection it would fail loudly)
    with bind.begin() as conn:
        conn.execute(DDL("CREATE INDEX ix_id ON users (id)"))
