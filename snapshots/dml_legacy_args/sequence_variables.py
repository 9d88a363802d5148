from sqlalchemy import insert, update

KEYS = [t.c.id, t.c.created]


def add(t, row, cols, hints):
    return insert(t, values=row, returning=cols, prefixes=hints)


def add_returning_keys(t, row):
    return insert(t).values(row).returning(*KEYS)


def touch(t, hints):
    return update(t, t.c.id == 1, {"x": 1}, prefixes=hints)
