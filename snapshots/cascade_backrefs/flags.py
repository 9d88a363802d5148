from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()


class Parent(Base):
    __tablename__ = "parent"
    id = Column(Integer, primary_key=True)
    children = relationship("Child", backref=backref("parent"))
    pets = relationship(
        "Pet",
        back_populates="owner",
    )
    toys = relationship("Toy", cascade_backrefs=True)


class Child(Base):
    __tablename__ = "child"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("parent.id"))


class Pet(Base):
    __tablename__ = "pet"
    id = Column(Integer, primary_key=True)
    owner_id = Column(ForeignKey("parent.id"))
    owner = relationship("Parent", back_populates="pets")


class Toy(Base):
    __tablename__ = "toy"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("parent.id"))
