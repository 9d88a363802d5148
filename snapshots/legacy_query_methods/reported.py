import sqlalchemy as sa
from sqlalchemy.orm import Query, Session, aliased


def removed(session: Session, sq, u):
    q = session.query(User).filter(User.id > 5)
    a = q.from_self(User.name)
    b = session.query(User).select_entity_from(sq)
    c = session.query(User).join("addresses", aliased=True).filter(Address.email == "x")
    d = session.query(Node).join(Node.children, from_joinpoint=True)
    e = session.query(Employee).with_polymorphic([Engineer, Manager])
    f = session.query(Address).with_parent(u, User.addresses)
    g = q.instances(cursor)
    h = q.merge_result(rows)
    i = session.query(User).join(User.addresses, isouter=True)  # fine in 2.0
    return a, b, c, d, e, f, g, h, i


def odd_arguments(q: Query, cols):
    return q.add_columns(User.id), q.add_column(*cols), q.value(*cols), q.values(), q.value(column=User.id)
