# Positional driver parameters (qmark, SQLite) given to Connection.execute()/scalar() with a string: one
# scalar, several scalars, a list as one row, several tuples, a tuple of tuples, a list of lists, and a name.
# 2.0 takes only exec_driver_sql(sql, tuple or [tuples]).
import sqlite3

from sqlalchemy import create_engine

engine = create_engine("sqlite:///app.db")

with engine.begin() as conn:
    conn.execute("CREATE TABLE t (a INTEGER, b TEXT)")
    conn.execute("INSERT INTO t (a) VALUES (?)", 1)
    conn.execute("INSERT INTO t (a, b) VALUES (?, ?)", 2, "two")
    conn.execute("INSERT INTO t (a, b) VALUES (?, ?)", [3, "three"])
    conn.execute("INSERT INTO t (a, b) VALUES (?, ?)", (4, "four"))
    conn.execute("INSERT INTO t (a) VALUES (?)", (5,), (6,))
    conn.execute("INSERT INTO t (a) VALUES (?)", [(7,), (8,)])
    conn.execute("INSERT INTO t (a) VALUES (?)", ((9,), (10,)))
    conn.execute("INSERT INTO t (a) VALUES (?)", [[11], [12]])
    row = (13, "thirteen")
    conn.execute("INSERT INTO t (a, b) VALUES (?, ?)", row)
    print("over 6:", conn.scalar("SELECT count(*) FROM t WHERE a > ?", 6))
    print("b of 2:", conn.execute("SELECT b FROM t WHERE a = ?", 2).scalar())

print("second connection:", sqlite3.connect("app.db").execute("SELECT a, b FROM t ORDER BY a").fetchall())
