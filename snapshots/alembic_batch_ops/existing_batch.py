"""Calls already in a batch block are left alone; a function using the name batch_op for something
else is reported (a new block would rebind it)."""
from alembic import op
import sqlalchemy as sa

revision = "x1"
down_revision = "x0"


def upgrade():
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.drop_column("old")
        op.create_unique_constraint("uq_tag_name", "tag", ["name"])
    with op.batch_alter_table("author", schema=None) as batch_op:
        batch_op.drop_column("old")


def downgrade():
    batch_op = sa.table("book")
    op.drop_constraint("uq_tag_name", "tag", type_="unique")
