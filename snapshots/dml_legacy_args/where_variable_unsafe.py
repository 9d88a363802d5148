from sqlalchemy import delete, update


def remove(conn, t, condition):
    conn.execute(delete(t).where(condition))


def change(conn, t, condition, values):
    conn.execute(update(t).where(condition).values(values))
