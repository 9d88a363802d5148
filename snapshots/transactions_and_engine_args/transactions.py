from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Connection

engine = create_engine("sqlite:///app.db")


def marker_in_engine_begin():
    with engine.begin() as conn:
        with conn.begin():
            conn.execute(text("INSERT INTO t VALUES (1)"))


def marker_imperative():
    conn = engine.connect()
    outer = conn.begin()
    inner = conn.begin()
    conn.execute(text("INSERT INTO t VALUES (2)"))
    inner.commit()
    outer.commit()
    again = conn.begin()  # after commit: fine
    again.commit()
    conn.close()


def autobegun():
    with engine.connect() as conn:
        rows = conn.execute(select(t)).fetchall()
        with conn.begin():
            conn.execute(text("INSERT INTO t VALUES (3)"))


def begin_nested_alone():
    with engine.connect() as conn:
        with conn.begin_nested():
            conn.execute(text("INSERT INTO t VALUES (4)"))
        conn.commit()


def fine(conn: Connection):
    # a parameter: what the caller began is unknown
    with conn.begin():
        conn.execute(text("INSERT INTO t VALUES (5)"))
    with conn.begin_nested():
        pass
    with engine.connect() as c2:
        with c2.begin():
            with c2.begin_nested():
                c2.execute(text("INSERT INTO t VALUES (6)"))
        with c2.begin():
            pass
        c2.execute(text("DELETE FROM t WHERE a = 1"))
        with c2.begin():  # 1.x committed the DELETE (connection-autocommit adds the commit)
            pass


def branches(flag):
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            conn.execute(text("INSERT INTO t VALUES (7)"))
            trans.commit()
        except Exception:
            trans.rollback()
            raise
        with conn.begin():  # both paths ended the transaction
            pass
        if flag:
            trans = conn.begin()
        with conn.begin():  # begun on one path only: not reported
            pass


with engine.begin() as conn:
    t1 = conn.begin()
