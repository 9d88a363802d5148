"""Run as a script of a project whose env.py enables PRAGMA foreign_keys: batch mode would drop and
recreate `author`, which `book` references (failing, or deleting books with ON DELETE CASCADE). Reported."""
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade():
    op.create_unique_constraint("uq_author_name", "author", ["name"])
