import datetime
from typing import List, Optional

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declarative_base, declared_attr, relationship

Base = declarative_base()


class Audited:
    """On a mixin, __allow_unmapped__ does not help: the annotations become Mapped[]."""

    created_by: Mapped[Optional[str]] = Column(String(20))
    created_at: Mapped["datetime.datetime"] = Column(DateTime)
    # no value, None and plain values pass on a mixin
    note: Optional[str]
    label: str = "audited"

    @declared_attr
    def owner_id(cls) -> Mapped[int]:
        return Column(ForeignKey("user.id"))

    @declared_attr
    def owner(cls) -> Mapped["User"]:
        return relationship("User")

    @declared_attr
    def __tablename__(cls) -> str:
        return cls.__name__.lower()

    @declared_attr
    def untyped(cls):
        return Column(Integer)


class Model(Base):
    __abstract__ = True
    id = Column(Integer, primary_key=True)
    code: Mapped[str] = Column(String(10))


class User(Model):
    __tablename__ = "user"
    name = Column(String(20))


class Document(Audited, Model):
    title = Column(String(50))


class Unused:
    """Used by no mapped class: 2.0 never reads it."""

    code: str = Column(String(10))
