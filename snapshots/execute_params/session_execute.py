from sqlalchemy import select, text
from sqlalchemy.orm import Session, scoped_session, sessionmaker

Session_ = scoped_session(sessionmaker())


def names(session: Session):
    rows = session.execute(text("SELECT name FROM users WHERE id = :id"), {"id": 1}).fetchall()
    total = session.scalar(text("SELECT count(*) FROM users WHERE name LIKE '50%%'"))
    session.execute(select(User), bind_arguments={"mapper": User})
    session.execute(text("SELECT 1"), {"x": 1}, bind_arguments={"bind": engine, "clause": select(User)})
    session.execute(text("SELECT 1"), params={"x": 1}, execution_options={"a": 1})
    session.execute(text(f"DELETE FROM users WHERE id = {1}"))
    Session_.execute(text("DELETE FROM users"))
    # reported
    session.execute(text("SELECT 1"), {"x": 1}, User)
    session.execute(text("SELECT 1"), mapper=User, bind_arguments={"bind": engine})
    session.execute(text("SELECT :x"), x=1)
    return rows, total
