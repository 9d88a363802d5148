from __future__ import annotations

from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import Mapped

Base = orm.declarative_base()


class Author(Base):
    __tablename__ = "author"
    id = sa.Column(sa.Integer, primary_key=True)
    # a string inside: evaluated when the class is created
    books: List["Book"] = orm.relationship("Book")
    # evaluated when the class is created, where Book does not exist yet: 2.0 reads a scalar
    others: List[Book] = orm.relationship("Book", viewonly=True)
    nickname: Optional[str] = None


class Stamped:
    stamped: Mapped[Optional[int]] = sa.Column(sa.Integer)


class Book(Stamped, Base):
    __tablename__ = "book"
    id = sa.Column(sa.Integer, primary_key=True)
    author_id = sa.Column(sa.ForeignKey("author.id"))
