"""Constraints on SQLite need batch mode: one block per run of calls on the same table.

Revision ID: c0ffee000001
Revises: 5e1ec7000000
"""
from alembic import op
import sqlalchemy as sa

revision = "c0ffee000001"
down_revision = "5e1ec7000000"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_book_isbn", ["isbn"])
        batch_op.create_check_constraint("ck_book_price", "price > 0")
    with op.batch_alter_table('tag', schema=None) as batch_op:
        batch_op.create_primary_key("pk_tag", ['id'])


def downgrade():
    with op.batch_alter_table('tag', schema=None) as batch_op:
        batch_op.drop_constraint("pk_tag", type_="primary")
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.drop_constraint("ck_book_price", "check")
        batch_op.drop_constraint(constraint_name="uq_book_isbn", type_="unique")
