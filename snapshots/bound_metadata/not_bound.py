# Already explicit, or not a MetaData at all: nothing changes.
from sqlalchemy import Column, Integer, MetaData, Table, create_engine

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True))
metadata.create_all(engine)
metadata.drop_all(bind=engine)
users.create(engine, checkfirst=True)


class Widget:
    bind = None


w = Widget()
w.bind = engine
