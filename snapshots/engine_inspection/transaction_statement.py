from sqlalchemy import create_engine

engine = create_engine("sqlite://")
conn = None  # the with-blocks take a name the module does not use


def load(connection, name, replace=False):
    return name


# A whole statement, and the value of a simple assignment: with-blocks.
with engine.begin() as _conn:
    load(_conn, "users", replace=True)  # keep this comment
with engine.begin() as _conn:
    loaded = load(_conn, "orders")


def nested(names):
    for name in names:
        with engine.begin() as _conn:
            load(_conn, name)


# Reported: inside an expression, arguments evaluated before connecting, a class body.
both = [engine.transaction(load, "a"), engine.transaction(load, "b")]
engine.transaction(load, names_from_config())
first, second = engine.transaction(load, "pair")


class Loader:
    cached = engine.transaction(load, "cached")
