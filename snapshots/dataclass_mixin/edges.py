from typing import Optional

from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column, registry


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class PlainBase(DeclarativeBase):
    pass


class Audit(MappedAsDataclass):
    who: Mapped[str] = mapped_column(default="system")


class Tagged:
    tag: Mapped[Optional[str]] = mapped_column(default=None)


class Defaults:
    kind: Mapped[str] = mapped_column(default="box")
    size: Mapped[int] = 5


class Legacy(object):
    old: Mapped[int] = mapped_column(default=0)


class Post(Audit, Tagged, Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)


class Page(Tagged, PlainBase):
    __tablename__ = "page"
    id: Mapped[int] = mapped_column(primary_key=True)


class Box(Defaults, Legacy, Base):
    __tablename__ = "box"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)


reg = registry()


class Stamp:
    at: Mapped[int] = mapped_column(default=0)


@reg.mapped_as_dataclass
class Event(Stamp):
    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
