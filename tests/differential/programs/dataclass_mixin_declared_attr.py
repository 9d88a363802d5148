# differential: before-2.0 MappedAsDataclass is 2.0 code; 2.0 warns (dcmx), 2.1 raises
# differential: not-1.4 MappedAsDataclass does not exist in 1.4
import sqlite3
import sys
import warnings
from typing import List, Optional

from sqlalchemy import ForeignKey, create_engine, select
from sqlalchemy.exc import SADeprecationWarning
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    MappedAsDataclass,
    Session,
    declared_attr,
    mapped_column,
    relationship,
)

if "default" not in sys.warnoptions:
    warnings.simplefilter("error", SADeprecationWarning)


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class Owner(Base):
    __tablename__ = "owner"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    name: Mapped[str]


class Owned:
    # an annotation-only field, and one made per class by a declared_attr
    label: Mapped[str]

    @declared_attr
    def owner_id(cls) -> Mapped[Optional[int]]:
        return mapped_column(ForeignKey("owner.id"), default=None)

    @declared_attr
    def owner(cls) -> Mapped[Optional[Owner]]:
        return relationship(Owner, default=None)

    def describe(self) -> str:
        return f"{self.label} of {self.owner.name if self.owner else '-'}"


class Book(Owned, Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)


class Pen(Owned, Base):
    __tablename__ = "pen"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    colour: Mapped[str] = mapped_column(default="blue")


import inspect
# parameter names and order (2.1 spells the defaults of ORM fields differently)
print(list(inspect.signature(Book.__init__).parameters), list(inspect.signature(Pen.__init__).parameters))
engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
with Session(engine) as session:
    ann = Owner("ann")
    session.add_all([Book("atlas", owner=ann), Pen("bic"), Pen("parker", owner=ann, colour="black")])
    session.commit()
    for cls in (Book, Pen):
        for thing in session.scalars(select(cls).order_by(cls.id)):
            print(cls.__name__, thing.describe(), getattr(thing, "colour", ""))

db = sqlite3.connect("app.db")
print(db.execute("SELECT label, owner_id FROM book").fetchall())
print(db.execute("SELECT label, owner_id, colour FROM pen ORDER BY id").fetchall())
