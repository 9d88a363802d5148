"""Table names as constants group like literals; other expressions get a block each. An aliased `op`
keeps its alias, and a call that shares a line with another statement is reported."""
from alembic import op as alembic_op

revision = "t1"
down_revision = "t0"

BOOK = "book"
PREFIX = "app_"


def upgrade():
    with alembic_op.batch_alter_table(BOOK, schema=None) as batch_op:
        batch_op.drop_column("a")
        batch_op.drop_column("b")
    with alembic_op.batch_alter_table(f"{PREFIX}log", schema=None) as batch_op:
        batch_op.drop_column("x")
    with alembic_op.batch_alter_table(f"{PREFIX}log", schema=None) as batch_op:
        batch_op.drop_column("y")
    alembic_op.drop_column("shelf", "c"); alembic_op.drop_column("shelf", "d")
