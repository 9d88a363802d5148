"""Table comments: SQLite has no COMMENT ON; batch mode stores them in the recreated table."""
from alembic import op

revision = "tc1"
down_revision = "tc0"


def upgrade():
    with op.batch_alter_table("book", schema="library") as batch_op:
        batch_op.create_table_comment("Books in the catalogue", existing_comment=None)


def downgrade():
    with op.batch_alter_table("book", schema="library") as batch_op:
        batch_op.drop_table_comment(existing_comment="Books in the catalogue")
