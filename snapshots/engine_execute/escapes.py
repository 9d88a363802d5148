# Results that escape the connection scope, and places a block cannot go: reported, never rewritten.
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, select

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True))


def returned():
    return engine.execute(users.select())


def yielded():
    yield engine.execute(users.select())


def yield_inside():
    yield engine.execute(users.select()).fetchall()


class Repo:
    rows = engine.execute(users.select()).fetchall()

    def stored(self):
        self.result = engine.execute(users.select())


def appended(results):
    results.append(engine.execute(users.select()))


def passed_on(process):
    process(engine.execute(users.select()))


def passed_later(process):
    res = engine.execute(users.select())
    process(res)


def aliased():
    res = engine.execute(users.select())
    other = res
    return other.fetchall()


def used_after_block(flag):
    if flag:
        res = engine.execute(users.select())
        first = res.first()
    return res.fetchall()


def used_in_closure():
    res = engine.execute(users.select())
    return lambda: res.fetchall()


def in_header():
    if engine.execute(select([users.c.id])).scalar():
        print("some")
    while engine.execute(select([users.c.id])).first() is None:
        break
    with engine.execute(users.select()) as res:
        print(res)


def in_lambda():
    return lambda: engine.execute(users.select()).fetchall()


def in_generator():
    return (r for r in engine.execute(users.select()))


def two_in_one():
    return engine.execute(select([users.c.id])).scalar() + engine.execute(select([users.c.id])).scalar()


def per_element(ids):
    return [engine.execute(users.select().where(users.c.id == i)).first() for i in ids]


def another_execute_in_range():
    res = engine.execute(users.select())
    with engine.begin() as conn:
        conn.execute(users.delete())
    return res.fetchall()


def used_earlier_in_loop(items):
    for item in items:
        if item:
            print(res.fetchall())
        res = engine.execute(users.select())
        print(res.first())
