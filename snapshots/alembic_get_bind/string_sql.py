"""String SQL on the migration's connection: Connection.execute() takes no strings in 2.0."""
from alembic import op
import sqlalchemy as sa

revision = "g1"
down_revision = "g0"

BACKFILL = "UPDATE book SET isbn = '' WHERE isbn IS NULL"


def upgrade():
    op.get_bind().exec_driver_sql("UPDATE book SET price = 0 WHERE price IS NULL")
    conn = op.get_bind()
    conn.exec_driver_sql(BACKFILL)
    for table in ("book", "author"):
        conn.exec_driver_sql(f"DELETE FROM {table} WHERE id < 0")
    rows = conn.exec_driver_sql(
        "SELECT id FROM book WHERE price > ?",  # qmark: passed to the driver as is
        (10,),
    ).fetchall()
    conn.exec_driver_sql("UPDATE book SET note = :note WHERE id = :id", {"note": "x", "id": 1})
    conn.exec_driver_sql("INSERT INTO tag (name) VALUES (?)", [("a",), ("b",)])
    conn.execute(sa.text("UPDATE book SET price = price + 1"))
    op.execute("UPDATE book SET price = price - 1")


def downgrade():
    bind = op.get_bind()
    bind.exec_driver_sql("UPDATE book SET isbn = NULL WHERE isbn = ''")
