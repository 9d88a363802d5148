from sqlalchemy import insert, update

KEYS = [t.c.id, t.c.created]


def add(t, row, cols, hints):
    return insert(t).values(row).returning(*cols).prefix_with(*hints)


def add_returning_keys(t, row):
    return insert(t).values(row).returning(*KEYS)


def touch(t, hints):
    return update(t).where(t.c.id == 1).values({"x": 1}).prefix_with(*hints)
