"""drop_column needs batch mode on SQLite before 3.35 and for columns in a constraint; the drop_index
of an indexed column comes first and shares the block (batch mode needs that order)."""
from alembic import op
import sqlalchemy as sa

revision = "d1"
down_revision = "d0"


def upgrade():
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.drop_index("ix_book_old_code")
        batch_op.drop_column("old_code")
    with op.batch_alter_table("audit_log", schema="archive") as batch_op:
        batch_op.drop_column("extra")


def downgrade():
    op.add_column("audit_log", sa.Column("extra", sa.Text(), nullable=True), schema="archive")
    op.add_column("book", sa.Column("old_code", sa.String(8), nullable=True))
    op.create_index("ix_book_old_code", "book", ["old_code"])
