# differential: finding begin_nested() with no transaction begun
# begin_nested() with no outer transaction is reported (on PostgreSQL 2.0 rolls the work back; SQLite's driver
# commits it either way, so the output agrees); convert_unicode makes the original fail on 2.0.
import sqlite3

from sqlalchemy import create_engine, text

engine = create_engine("sqlite:///app.db", convert_unicode=True)
with engine.begin() as conn:
    conn.execute(text("CREATE TABLE t (a INTEGER)"))

with engine.connect() as conn:
    with conn.begin_nested():
        conn.execute(text("INSERT INTO t VALUES (1)"))
with engine.connect() as conn:
    with conn.begin():
        with conn.begin_nested():
            conn.execute(text("INSERT INTO t VALUES (2)"))

print("second connection:", sqlite3.connect("app.db").execute("SELECT a FROM t ORDER BY a").fetchall())
