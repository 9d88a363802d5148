"""Comments stay with the call they belong to; multi-line calls keep their layout."""
from alembic import op
import sqlalchemy as sa

revision = "l1"
down_revision = "l0"


def upgrade():

    with op.batch_alter_table("book", schema=None) as batch_op:
        # ISBNs are unique from now on
        # the table
        batch_op.create_unique_constraint(
            "uq_book_isbn",
            ["isbn"],
        )
        batch_op.alter_column("isbn",
                              existing_type=sa.String(20),
                              nullable=False)  # after the backfill
        # prices are stored in cents
        batch_op.alter_column(
            "price", type_=sa.Integer()
        )


def downgrade():
    with op.batch_alter_table("book", schema="library") as batch_op:
        # kept since 2019
        batch_op.drop_column(
            "legacy"  # the archive schema
        )
    with op.batch_alter_table("shelf", schema=None) as batch_op:
        # no comment any more
        batch_op.drop_table_comment()
