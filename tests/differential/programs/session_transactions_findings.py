# Session autocommit mode and imperative subtransactions: reported (the program's 2.0 form is the user's
# choice). The reported lines are not run; the rest is migrated and runs everywhere.
# differential: finding Session autocommit mode is removed
# differential: finding Session.begin(subtransactions=True) is removed
# differential: finding Session.transaction is removed
import os
import sqlite3

from sqlalchemy import Column, Integer, create_engine
from sqlalchemy.orm import Session, declarative_base, relation

if os.path.exists("app.db"):
    os.remove("app.db")
Base = declarative_base()


class Item(Base):
    __tablename__ = "item"
    id = Column(Integer, primary_key=True)


def legacy(engine):
    session = Session(engine, autocommit=True)
    session.begin(subtransactions=True)
    session.add(Item(id=9))
    session.commit()
    return session.transaction


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add(Item(id=1))
session.commit()
assert relation is not None
print("second connection:", sqlite3.connect("app.db").execute("select count(*) from item").fetchone())
