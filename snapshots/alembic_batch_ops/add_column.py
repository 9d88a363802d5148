"""add_column: plain on SQLite unless the column has a foreign key (named: batch; unnamed: reported) or a
non-constant server default; a NOT NULL column without a default fails on a table with rows."""
from alembic import op
import sqlalchemy as sa

revision = "ac1"
down_revision = "ac0"


def upgrade():
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subtitle", sa.String(200), nullable=True))
        batch_op.add_column(sa.Column("author_id", sa.Integer(), sa.ForeignKey("author.id", name="fk_book_author")))
    op.add_column("review", sa.Column("book_id", sa.Integer(), sa.ForeignKey("book.id")))
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_at", sa.DateTime(), server_default=sa.func.now()))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP")))
        batch_op.add_column(sa.Column("stars", sa.Integer(), server_default=sa.text("0"), nullable=False))
    op.add_column("shelf", sa.Column("label", sa.String(20), nullable=False))
