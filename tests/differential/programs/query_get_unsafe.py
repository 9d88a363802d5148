# Query.get() where only one side is proven: an unannotated `session` parameter with a mapped class
# (--unsafe-fixes rewrites it), and an Engine-bound Session with an entity passed in as a parameter.
# 2.x: deprecation warnings are errors, so the unmigrated program fails there.
import sqlite3
import warnings

import sqlalchemy
from sqlalchemy import Column, Integer, String, create_engine, exc
from sqlalchemy.orm import Session, declarative_base, joinedload

if not sqlalchemy.__version__.startswith("1."):
    warnings.simplefilter("error", exc.SADeprecationWarning)

Base = declarative_base()


class City(Base):
    __tablename__ = "cities"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
db = Session(engine)
db.add_all([City(id=1, name="Oslo"), City(id=2, name="Rome")])
db.commit()


def city_name(session, ident):
    city = session.query(City).populate_existing().get(ident)
    return city.name if city else None


def load(model, ident):
    return db.query(model).get(ident)


print("names:", city_name(db, 1), city_name(db, 3))
print("entity parameter:", load(City, 2).name)
load(City, 2).name = "Roma"
db.commit()
print("second connection:", sqlite3.connect("app.db").execute("SELECT id, name FROM cities ORDER BY id").fetchall())
