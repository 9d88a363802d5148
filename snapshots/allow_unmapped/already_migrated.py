from typing import List, Optional

from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import Mapped, declarative_base, relationship

Base = declarative_base()
Flagged = declarative_base()
Flagged.__allow_unmapped__ = True


class AllowMixin:
    __allow_unmapped__ = True


class A(Base):
    __tablename__ = "a"
    __allow_unmapped__ = True
    id = Column(Integer, primary_key=True)
    note: Optional[str]


class B(A):
    extra: Optional[str]


class C(AllowMixin, Base):
    __tablename__ = "c"
    id = Column(Integer, primary_key=True)
    note: Optional[str]


class D(Flagged):
    __tablename__ = "d"
    id = Column(Integer, primary_key=True)
    note: Optional[str]


class E(Base):
    __tablename__ = "e"
    id: Mapped[int] = Column(Integer, primary_key=True)
    a_id: Mapped[Optional[int]] = Column(ForeignKey("a.id"))
    a: Mapped["A"] = relationship("A")
    many: "Mapped[List[A]]" = relationship("A", viewonly=True)
