# --alembic-batch=sqlite needs the connection or URL twice: a call expression would run twice. Reported.
# A literal dialect_name decides at once.
from alembic import context as ctx

from myapp.db import engine


def run_migrations_online():
    ctx.configure(connection=engine.connect(), target_metadata=None)


def run_migrations_offline_sqlite():
    ctx.configure(dialect_name="sqlite", as_sql=True, render_as_batch=True)


def run_migrations_offline_postgresql():
    ctx.configure(dialect_name="postgresql", as_sql=True)


def run_migrations_offline_named(dialect):
    ctx.configure(dialect_name=dialect, as_sql=True, render_as_batch=dialect == "sqlite")
