# A backref (`relationship(..., backref="owner")`) is an attribute of the other class once mappers are
# configured, which a Session's query() does: strings naming it become class-bound too.
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import Session, backref, declarative_base, joinedload, relationship

Base = declarative_base()


class Owner(Base):
    __tablename__ = "owners"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    pets = relationship("Pet", backref="owner")
    cars = relationship("Car", backref=backref("driver", lazy="select"))


class Pet(Base):
    __tablename__ = "pets"
    id = Column(Integer, primary_key=True)
    owner_id = Column(ForeignKey("owners.id"))
    kind = Column(String)


class Car(Base):
    __tablename__ = "cars"
    id = Column(Integer, primary_key=True)
    owner_id = Column(ForeignKey("owners.id"))
    plate = Column(String)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add(Owner(name="ida", pets=[Pet(kind="cat")], cars=[Car(plate="P-1")]))
session.commit()
session.close()

session = Session(engine)
pet = session.query(Pet).options(joinedload("owner")).one()
print("owner loaded:", "owner" in pet.__dict__, pet.owner.name)
print(session.query(Car.plate, Owner.name).join("driver").all())
print(session.query(Pet.kind).join("owner", "cars").filter(Car.plate == "P-1").all())
session.close()
print("second connection:", sqlite3.connect("app.db").execute("SELECT count(*) FROM pets").fetchone())
