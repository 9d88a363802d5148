from typing import List, Optional

from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, as_declarative, registry, relationship

mapper_registry = registry()
Generated = mapper_registry.generate_base()


class Base(DeclarativeBase):
    pass


@as_declarative()
class Decorated:
    pass


class A(Base):
    __allow_unmapped__ = True
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    kids: List["B"] = relationship("B")


class B(Generated):
    __allow_unmapped__ = True
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a_id = Column(ForeignKey("a.id"))
    note: Optional[str] = None


class C(Decorated):
    __allow_unmapped__ = True
    __tablename__ = "c"
    id = Column(Integer, primary_key=True)
    note: Optional[str]


@mapper_registry.mapped
class D:
    __allow_unmapped__ = True
    __tablename__ = "d"
    id = Column(Integer, primary_key=True)
    note: Optional[str]


class E(A):
    """Single-table inheritance: the subclass's own annotation is rejected too."""
    __allow_unmapped__ = True
    extra: int
