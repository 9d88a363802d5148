"""A call is never moved across another statement: the UPDATE must run between the two changes."""
from alembic import op
import sqlalchemy as sa

revision = "e1"
down_revision = "e0"


def upgrade():
    op.add_column("book", sa.Column("isbn13", sa.String(13), nullable=True))
    op.execute("UPDATE book SET isbn13 = '978' || isbn")
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.alter_column("isbn13", existing_type=sa.String(13), nullable=False)
    conn = op.get_bind()
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.drop_column("isbn")
