"""batch_op.drop_constraint() has no if_exists=: reported, not moved."""
from alembic import op

revision = "i1"
down_revision = "i0"


def upgrade():
    op.drop_constraint("uq_book_isbn", "book", type_="unique", if_exists=True)
    op.drop_index("ix_book_isbn", table_name="book", if_exists=True)
