from sqlalchemy import delete, update


def remove(conn, t, condition):
    conn.execute(delete(t, condition))


def change(conn, t, condition, values):
    conn.execute(update(t, whereclause=condition, values=values))
