"""Column changes SQLite cannot ALTER; a rename alone can (RENAME COLUMN) and only joins a block."""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = "a0"


def upgrade():
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.alter_column("isbn", existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column("price", type_=sa.Numeric(10, 2), existing_nullable=True)
        batch_op.alter_column("title", server_default="untitled")
        batch_op.alter_column("blurb", new_column_name="summary")

    op.alter_column("author", "nick", new_column_name="nickname")


def downgrade():
    op.alter_column("author", "nickname", new_column_name="nick")
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.alter_column("summary", new_column_name="blurb")
        batch_op.alter_column("title", server_default=None)
        batch_op.alter_column("price", type_=sa.Integer(), existing_nullable=True)
        batch_op.alter_column("isbn", existing_type=sa.String(length=20), nullable=True)
