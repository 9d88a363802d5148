"""create_foreign_key: source_schema is the block's schema; referent_schema and the options stay."""
from alembic import op
import sqlalchemy as sa

revision = "f1"
down_revision = "f0"


def upgrade():
    with op.batch_alter_table("book", schema="library") as batch_op:
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_book_author",
            "author",
            ["author_id"],
            ["id"],
            ondelete="CASCADE",
            referent_schema="people",
        )


def downgrade():
    with op.batch_alter_table("book", schema="library") as batch_op:
        batch_op.drop_constraint("fk_book_author", type_="foreignkey")
        batch_op.drop_column("author_id")
