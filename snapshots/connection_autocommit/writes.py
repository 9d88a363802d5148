# Writes 1.x autocommitted on engine.connect() connections: a conn.commit() after each one.
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))

with engine.connect() as conn:
    conn.execute(users.insert(), [{"name": "a"}, {"name": "b"}])  # a comment stays here
    conn.commit()
    conn.execute(text("UPDATE users SET name = 'c' WHERE id = 1"))
    conn.commit()
    rows = conn.execute(select([users])).fetchall()
    conn.exec_driver_sql("DELETE FROM users WHERE id = 99")
    conn.commit()
    n = conn.scalar(users.insert().returning(users.c.id), {"name": "d"})
    conn.commit()
    metadata.create_all(conn)
    conn.commit()
    conn.execute(text("CALL p()"))
    conn.execute(text("CALL p()"))
    conn.commit()
    conn.execute(text("SELECT 1").execution_options(stream_results=False))
    conn.commit()
    if n:
        conn.execute(users.delete())
        conn.commit()


def remove(uid):
    conn = engine.connect()
    result = conn.execute(users.delete().where(users.c.id == uid)).rowcount
    conn.commit()
    return result


def rename(uid, name):
    connection = engine.connect()
    try:
        connection.execute(users.update().where(users.c.id == uid), {"name": name})
        connection.commit()
    except Exception:
        print("failed")
    finally:
        connection.close()
