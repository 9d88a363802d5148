from typing import Any, ClassVar, List, Optional

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import column_property, declarative_base, deferred, relationship, synonym

Base = declarative_base()


class Parent(Base):
    """Rejected by 2.0: a List[] relationship, no value, None, column_property, deferred, synonym."""
    __allow_unmapped__ = True

    __tablename__ = "parent"
    id: int = Column(Integer, primary_key=True)  # a Column value passes
    name = Column(String(50))
    kids: List["Kid"] = relationship("Kid", back_populates="parent")
    note: Optional[str]
    label: Optional[str] = None
    upper: str = column_property(name + "!")
    bio: str = deferred(Column(String(200)))
    title: Any = synonym("name")


class Kid(Base):
    __allow_unmapped__ = True
    # a comment before the first statement
    __tablename__ = "kid"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("parent.id"))
    parent = relationship("Parent", back_populates="kids")
    _cache: dict
    registry: ClassVar


class Passes(Base):
    """Nothing here is rejected: plain values, ClassVar, dunders."""

    __tablename__ = "passes"
    __table_args__: dict = {}
    id: int = Column(Integer, primary_key=True)
    flag: int = 5
    tags: ClassVar[List[str]] = []
    __private_dunder__: int
    _sa_internal: int


class Explicit(Base):
    __allow_unmapped__ = True
    __tablename__ = "explicit"
    id = Column(Integer, primary_key=True)
    one: Optional["Kid"] = relationship("Kid", uselist=False)
    many: set = relationship("Kid", collection_class=set)
