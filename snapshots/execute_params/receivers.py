import sqlite3
import subprocess

from alembic import op
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine


def upgrade():
    conn = op.get_bind()
    conn.execute(text("UPDATE users SET name = 'x'"))
    op.get_bind().execute(text("UPDATE users SET name = :n"), {"n": "y"})
    op.execute("UPDATE users SET name = 'z'")


def annotated(conn: Connection, engine: Engine):
    conn.execute(text("DELETE FROM users"))
    engine.execute(text("DELETE FROM users WHERE name = :n"), {"n": "x"})
    engine.execute("DELETE FROM users WHERE name = ?", "x")


def from_connect(engine: Engine):
    conn = engine.connect()
    conn.exec_driver_sql("DELETE FROM users WHERE id = ?", (1,))
    conn.close()


def not_ours(path):
    db = sqlite3.connect(path)
    cur = db.cursor()
    cur.execute("SELECT * FROM users WHERE id = ?", (1,))
    cur.execute("SELECT %s", (1,))
    db.execute("DELETE FROM users")
    subprocess.run(["ls"])
