# `with session.begin(subtransactions=True):` (removed in 2.0) → the module helper, an unsafe fix: the
# block joins the session's transaction and never commits it; an error rolls it all back.
import os
import sqlite3

from sqlalchemy import Column, Integer, create_engine
from sqlalchemy.orm import Session, declarative_base

if os.path.exists("app.db"):
    os.remove("app.db")
Base = declarative_base()


class Item(Base):
    __tablename__ = "item"
    id = Column(Integer, primary_key=True)


def db_rows():
    return sqlite3.connect("app.db").execute("select id from item order by id").fetchall()


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
with session.begin(subtransactions=True):
    session.add(Item(id=1))
print("after the block, a second connection sees:", db_rows())
print("pending in the session:", session.query(Item).count())
session.commit()
print("after commit:", db_rows())

session.add(Item(id=2))
session.flush()
try:
    with session.begin(subtransactions=True):
        session.add(Item(id=3))
        raise ValueError("boom")
except ValueError:
    pass
session.rollback()
session.add(Item(id=4))
session.commit()
print("after the error:", db_rows())
