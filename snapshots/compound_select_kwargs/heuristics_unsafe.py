from sqlalchemy import union


def combined(s1, s2, ordering):
    return union(s1, s2).order_by(ordering)
