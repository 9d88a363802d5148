# What cannot be rewritten is reported: the engine is unknown, or the result escapes.
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, func, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData(bind=engine)
users = Table("users", metadata, Column("id", Integer, primary_key=True))
unbound = MetaData()
other = Table("other", unbound, Column("id", Integer, primary_key=True))


class Repo:
    def all(self):
        return users.select().execute()

    def keep(self):
        self.result = users.select().execute()

    def each(self):
        for row in users.select().execute():
            yield row

    def passed(self):
        consume(users.select().execute())


def unknown():
    func.now().scalar()
    other.insert().execute(id=1)


def escaped():
    res = users.select().execute()
    return res


def mixed(values):
    users.insert().execute(values, name="x")


def rolled_back_unbound():
    text("CALL refresh_users()").execute()


def consume(result):
    return result
