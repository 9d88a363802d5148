from sqlalchemy import text, create_engine

engine = create_engine("sqlite:///app.db")

with engine.begin() as conn:
    # text() keeps the meaning: no parameters, or named ones
    conn.execute(text("CREATE TABLE t (a INTEGER, b TEXT)"))
    conn.execute(text("INSERT INTO t (a, b) VALUES (:a, :b)"), {"a": 1, "b": "x"})
    conn.execute(text("INSERT INTO t (a, b) VALUES (:a, :b)"), {"a": 2, "b": "10:30"})
    conn.execute(text("INSERT INTO t (a, b) VALUES (:a, :b)"), [{"a": 3, "b": "y"}, {"a": 4, "b": "z"}])
    conn.execute(text("UPDATE t SET b = '10:30' WHERE a::text = '1'"))
    n = conn.scalar(text("SELECT count(*) FROM t"))
    # exec_driver_sql: what text() would change
    conn.exec_driver_sql("UPDATE t SET b = '50%%'")
    conn.exec_driver_sql("UPDATE t SET b = '%(x)s'")
    conn.exec_driver_sql("UPDATE t SET b = ' :x' WHERE a = :a", {"a": 1})
    conn.exec_driver_sql(r"UPDATE t SET b = '\:x'")
    conn.exec_driver_sql("SELECT :a", {"b": 1})
    # positional parameters
    conn.exec_driver_sql("INSERT INTO t (a) VALUES (?)", (5,))
    conn.exec_driver_sql("INSERT INTO t (a, b) VALUES (?, ?)", (6, "w"))
    conn.exec_driver_sql("INSERT INTO t (a, b) VALUES (?, ?)", (7, "v"))
    conn.exec_driver_sql("INSERT INTO t (a, b) VALUES (?, ?)", (8, "u"))
    conn.exec_driver_sql("INSERT INTO t (a) VALUES (?)", [(9,), (10,)])
    conn.exec_driver_sql("INSERT INTO t (a) VALUES (?)", [(11,), (12,)])
    conn.exec_driver_sql("INSERT INTO t (a) VALUES (?)", [(13,), (14,)])
    conn.exec_driver_sql("INSERT INTO t (a) VALUES (?)", [(15,), (16,)])
    n = conn.exec_driver_sql("SELECT count(*) FROM t WHERE a > ?", (0,)).scalar()
    # strings built at run time
    table = "t"
    conn.exec_driver_sql(f"DELETE FROM {table} WHERE a = 1")
    conn.exec_driver_sql("DELETE FROM %s WHERE a = 2" % table)
    sql = "DELETE FROM t WHERE a = :a"
    conn.execute(text(sql), {"a": 3})
    params = {"a": 4}
    conn.exec_driver_sql(sql, params)
    # reported
    conn.execute("INSERT INTO t (a) VALUES (?)", params, params)
    conn.execute("SELECT 1", execution_options={"x": 1})
