from sqlalchemy import func, select


def scalar(stmt):
    return stmt.as_scalar()  # not proven a Select: an unsafe fix, reported


totals = select(func.sum(orders.c.total)).subquery()
total = totals.as_scalar()  # a Subquery has no scalar_subquery(): reported, not rewritten
