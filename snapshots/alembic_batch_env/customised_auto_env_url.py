# A customised env.py whose fallback URL is SQLite (auto mode: render_as_batch=True). Options, their
# layout and the comments between them are kept.
import os

from alembic import context
from sqlalchemy import create_engine

from myapp.models import Base

config = context.config
target_metadata = Base.metadata
DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///instance/app.db")


def include_object(object, name, type_, reflected, compare_to):
    # Tables managed by another tool are not ours to migrate.
    return not (type_ == "table" and name.startswith("legacy_"))


def process_revision_directives(context, revision, directives):
    if config.cmd_opts.autogenerate and directives[0].upgrade_ops.is_empty():
        directives[:] = []


def run_migrations_offline():
    context.configure(url=DATABASE_URL, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = create_engine(DATABASE_URL)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=include_object,  # skip legacy tables
            compare_type=True,
            # keep empty autogenerate runs from writing a file
            process_revision_directives=process_revision_directives,
            render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
