# A use that cannot be rewritten keeps the bind site (reported with it); the others are still rewritten.
from sqlalchemy import Column, Integer, MetaData, Table, create_engine

engine = create_engine("sqlite:///app.db")
metadata = MetaData(bind=engine)
users = Table("users", metadata, Column("id", Integer, primary_key=True))


class Schema:
    created = metadata.create_all(engine)


def setup():
    metadata.create_all(engine)


def rows():
    return users.select().execute()
