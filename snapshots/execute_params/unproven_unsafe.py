from sqlalchemy import Column, Integer, MetaData, Table, select, text

users = Table("users", MetaData(), Column("id", Integer, primary_key=True))


def work(conn, cursor, runner):
    conn.execute(text("SELECT :x"), {"x": 1})
    conn.execute(users.insert(), [{"name": "a"}, {"name": "b"}])
    conn.scalar(select(users.c.id), {"id": 1})
    conn.execute("SELECT :x", x=1)
    conn.execute(select(users), mapper=User)
    # what a DB-API cursor or anything else takes: left alone
    cursor.execute("SELECT * FROM users WHERE id = %s", (1,))
    cursor.execute("SELECT 1")
    runner.execute(job, retries=3)
