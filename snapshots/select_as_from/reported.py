from sqlalchemy import MetaData, Table, Column, Integer, select

md = MetaData()
users = Table("users", md, Column("id", Integer), Column("score", Integer))


def from_a_parameter(stmt):
    # a parameter: where else is the same object used?
    return select(stmt.c.id).select_from(stmt)


def reassigned(flag):
    q = select(users.c.id)
    if flag:
        q = select(users.c.id).where(users.c.score > 1)
    return select(q.c.id)


def used_before_its_last_assignment():
    q = select(users.c.id)
    first = select(q.c.id)
    q = q.where(users.c.score > 1)
    return first, select(q.c.id)


def own_columns():
    s = select(users)
    return s.where(s.c.id == 5)


class Holder:
    def __init__(self):
        self.q = select(users.c.id)

    def outer(self):
        return select(self.q.c.id)


def shadowed():
    q = select(users.c.id)

    def inner(q=None):
        return q

    return select(q.c.id), inner
