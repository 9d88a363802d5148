# cascade_backrefs=False (in relation() and backref()): 1.4's opt-in to 2.0 behaviour, dropped;
# cascade_backrefs=True is reported. (relation() is what makes the original fail on 2.0.)
# differential: not-1.4 without the flag 1.4 cascades through the backref again (the 1.x default)
# differential: finding cascade_backrefs=True raises ArgumentError
import os
import sqlite3
import warnings

from sqlalchemy import Column, ForeignKey, Integer, create_engine
from sqlalchemy.orm import Session, backref, declarative_base, relation, relationship

warnings.simplefilter("ignore")
if os.path.exists("app.db"):
    os.remove("app.db")
Base = declarative_base()


class Parent(Base):
    __tablename__ = "parent"
    id = Column(Integer, primary_key=True)
    kids = relation("Kid", backref=backref("parent", cascade_backrefs=False), cascade_backrefs=False)


class Kid(Base):
    __tablename__ = "kid"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("parent.id"))


def legacy_flag():
    return relationship("Kid", cascade_backrefs=True)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
p = Parent()
session.add(p)
session.commit()
k = Kid()
k.parent = p
print("kid in session:", k in session)
session.add(k)
session.commit()
print("second connection:", sqlite3.connect("app.db").execute("select count(*) from kid").fetchone())
