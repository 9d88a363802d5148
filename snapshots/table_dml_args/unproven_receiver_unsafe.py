import sqlalchemy as sa

from .models import accounts


def close(conn, account_id):
    conn.execute(accounts.delete().where(accounts.c.id == account_id))


def rename(conn, account_id, name):
    conn.execute(accounts.update().where(accounts.c.id == account_id).values({"name": name}))


def add(conn, name):
    conn.execute(accounts.insert().values({"name": name}))


def positional_only(conn):
    # No SQLAlchemy-only keyword: the receiver could be anything, nothing is said.
    conn.execute(accounts.insert({"name": "x"}))
