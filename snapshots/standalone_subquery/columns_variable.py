from sqlalchemy import subquery


def make(columns, criterion=t.c.x > 0):
    return subquery("sq", columns, criterion)
