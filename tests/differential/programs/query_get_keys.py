# Query.get() keys: a scalar, a composite tuple, a dict, a generator expression (which becomes tuple(...)
# once it is not the call's only argument), a key that is not there. 2.x: deprecation warnings are errors.
import sqlite3
import warnings

import sqlalchemy
from sqlalchemy import Column, Integer, String, create_engine, exc
from sqlalchemy.orm import Session, declarative_base

if not sqlalchemy.__version__.startswith("1."):
    warnings.simplefilter("error", exc.SADeprecationWarning)

Base = declarative_base()


class Item(Base):
    __tablename__ = "items"
    shop = Column(String(10), primary_key=True)
    number = Column(Integer, primary_key=True)
    label = Column(String(20))


class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    label = Column(String(20))


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add_all([Item(shop="a", number=1, label="a1"), Item(shop="b", number=2, label="b2"), Tag(id=7, label="seven")])
session.commit()

key = ["b", 2]
print("scalar:", session.query(Tag).get(7).label)
print("tuple:", session.query(Item).get(("a", 1)).label)
print("list:", session.query(Item).get(key).label)
print("dict:", session.query(Item).get({"shop": "b", "number": 2}).label)
print("generator:", session.query(Item).get(part for part in key).label)
print("missing:", session.query(Item).get(("z", 9)), session.query(Tag).get(8))
labels = [session.query(Tag).get(i) for i in (7, 8)]
print("comprehension:", [t.label if t else None for t in labels])
session.query(Tag).get(7).label = "SEVEN"
session.commit()
print("second connection:", sqlite3.connect("app.db").execute("SELECT label FROM tags").fetchall())
