# The engine is made in a function (or by a factory): nothing can be passed, everything is reported.
from sqlalchemy import Column, Integer, MetaData, Table, create_engine
from sqlalchemy.ext.declarative import as_declarative

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True))


def init_model(url):
    engine = create_engine(url)
    metadata.bind = engine
    metadata.create_all()


def make_engine():
    return create_engine("sqlite://")


other = MetaData(bind=make_engine())
other.create_all()


@as_declarative(bind=make_engine())
class Base:
    pass
