# Plain SQL strings given to Connection.execute()/scalar(), which 1.x sent to the driver as they were and 2.0
# refuses (ObjectNotExecutableError): text() where it sends the same SQL, exec_driver_sql where it would not
# ('50%%', ' :x' inside quotes, a backslash before a colon), f-strings, names bound to strings.
import sqlite3

from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

engine = create_engine("sqlite:///app.db")

with engine.begin() as conn:
    conn.execute("CREATE TABLE t (a INTEGER, b TEXT)")
    conn.execute("INSERT INTO t (a, b) VALUES (:a, :b)", a=1, b="x")
    conn.execute("INSERT INTO t (a, b) VALUES (:a, :b)", {"a": 2, "b": "10:30"})
    conn.execute("INSERT INTO t (a, b) VALUES (:a, :b)", [{"a": 3, "b": "y"}, {"a": 4, "b": "z"}])
    conn.execute("UPDATE t SET b = b || '-10:30' WHERE a = 1")
    conn.execute("INSERT INTO t (a, b) VALUES (5, '50%%')")
    conn.execute("INSERT INTO t (a, b) VALUES (6, ' :x')")
    conn.execute(r"INSERT INTO t (a, b) VALUES (7, '\:y')")
    conn.execute("INSERT INTO t (a, b) VALUES (:a, ' :q')", a=8)
    table = "t"
    conn.execute(f"UPDATE {table} SET b = upper(b) WHERE a = 3")
    sql = "UPDATE t SET b = :b WHERE a = :a"
    conn.execute(sql, a=4, b="Z")
    params = {"a": 2, "b": "ten-thirty"}
    conn.execute(sql, params)
    print("count:", conn.scalar("SELECT count(*) FROM t"))



def delete(conn: Connection, a):
    conn.execute("DELETE FROM t WHERE a = ? OR b = ?", a, "z")


with engine.connect() as conn:
    print("rows:", conn.execute("SELECT a, b FROM t ORDER BY a").fetchall())
with engine.begin() as conn:
    delete(conn, 1)

print("second connection:", sqlite3.connect("app.db").execute("SELECT a, b FROM t ORDER BY a").fetchall())
