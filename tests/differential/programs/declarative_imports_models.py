# ext.declarative imports, relation(), eagerload(), Session.close_all(): 2.0 removes relation/eagerload.
import os
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.ext.declarative import declarative_base, declared_attr
from sqlalchemy.orm import Session, eagerload, relation

if os.path.exists("app.db"):
    os.remove("app.db")
Base = declarative_base()


class Named(object):
    @declared_attr
    def name(cls):
        return Column(String(20))


class User(Named, Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    addresses = relation("Address", order_by="Address.id")


class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    email = Column(String(50))


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add(User(name="ann", addresses=[Address(email="a@x"), Address(email="b@x")]))
session.commit()
user = session.query(User).options(eagerload(User.addresses)).one()
print(user.name, [a.email for a in user.addresses])
Session.close_all()
print("closed:", session.query(User).count())
print("second connection:", sqlite3.connect("app.db").execute("select count(*) from addresses").fetchone())
