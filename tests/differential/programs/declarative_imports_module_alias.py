# `import sqlalchemy.ext.declarative as decl` and `orm.relation`, aliases kept: `relation as rel`.
import os
import sqlite3

import sqlalchemy.ext.declarative as decl
from sqlalchemy import Column, ForeignKey, Integer, String, create_engine, orm
from sqlalchemy.orm import relation as rel

if os.path.exists("app.db"):
    os.remove("app.db")
Base = decl.declarative_base()


class Parent(Base):
    __tablename__ = "parent"
    id = Column(Integer, primary_key=True)
    kids = rel("Kid", backref="parent")
    pets = orm.relation("Pet")


class Kid(Base):
    __tablename__ = "kid"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("parent.id"))
    name = Column(String(10))


class Pet(Base):
    __tablename__ = "pet"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("parent.id"))


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = orm.Session(engine)
session.add(Parent(kids=[Kid(name="k1"), Kid(name="k2")], pets=[Pet()]))
session.commit()
p = session.query(Parent).options(orm.eagerload(Parent.kids)).one()
print(sorted(k.name for k in p.kids), len(p.pets))
print("second connection:", sqlite3.connect("app.db").execute("select count(*) from kid").fetchone())
