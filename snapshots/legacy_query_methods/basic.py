from sqlalchemy import func
from sqlalchemy.orm import Query, Session


def report(session: Session, q: Query, cols):
    a = session.query(User).add_columns(User.name)
    b = session.query(User).order_by(User.id).with_entities(User.name).limit(1).scalar()
    c = session.query(User).with_entities(func.count(User.id)).limit(1).scalar()
    d = iter(session.query(User).with_entities(User.id, User.name))
    for (name,) in session.query(User).with_entities(User.name):
        print(name)
    e = list(q.with_entities(User.id)), sorted(q.with_entities(User.id)), [r for r in q.with_entities(User.id)]
    f = list(q)[-1], list(q)[-3:], list(q)[-3:-1], list(q)[:-2], list(q)[-2], list(q)[-6::2], list(q)[-1]
    g = q[1:-1], q[-1:-3], q[::-1], q[1:3], q[0]
    return a, b, c, d, e, f, g


def limited(session: Session, q: Query, n, cols):
    a = session.query(User).limit(5).value(User.name)
    b = q.value(User.name)
    c = q[n:-1]
    d = q.values(*cols)
    return a, b, c, d
