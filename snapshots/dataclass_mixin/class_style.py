from typing import Optional

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, declared_attr, mapped_column


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class Audit(MappedAsDataclass):
    """Who changed the row."""

    who: Mapped[str] = mapped_column(default="system")


class Helper:
    def describe(self) -> str:
        return "plain methods and annotations do not count"

    label: str = "x"


class Owned(Helper, MappedAsDataclass):
    owner: Mapped[Optional[int]]

    @declared_attr
    def parent_id(cls) -> Mapped[Optional[int]]:
        return mapped_column(ForeignKey("post.id"), default=None)


class Post(Audit, Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)


class Comment(Owned, Base):
    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)


class Alread(MappedAsDataclass):
    done: Mapped[int] = mapped_column(default=1)


class Thing(Alread, Base):
    __tablename__ = "thing"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
