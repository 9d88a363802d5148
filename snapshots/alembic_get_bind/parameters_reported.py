"""Parameters exec_driver_sql() would take differently are reported, not rewritten."""
from alembic import op

revision = "g2"
down_revision = "g1"


def upgrade():
    conn = op.get_bind()
    conn.execute("UPDATE book SET price = %(p)s", p=0)
    conn.execute("UPDATE book SET price = %s WHERE id = %s", 0, 1)
    conn.execute("UPDATE book SET price = ?", params)
