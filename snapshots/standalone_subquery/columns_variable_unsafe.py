from sqlalchemy import select


def make(columns, criterion=t.c.x > 0):
    return select(*columns).where(criterion).subquery("sq")
