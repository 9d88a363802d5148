"""Batch mode needs constraint names: autogenerate writes None for unnamed ones. Reported; the calls
around it are still grouped, without moving anything across it."""
from alembic import op

revision = "n1"
down_revision = "n0"


def upgrade():
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_book_isbn", ["isbn"])
    op.create_foreign_key(None, "book", "author", ["author_id"], ["id"])
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.drop_column("legacy")


def downgrade():
    op.drop_constraint(None, "book", type_="foreignkey")
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.drop_constraint("uq_book_isbn", type_="unique")
