from __future__ import annotations

import sqlite3
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy import orm

Base = orm.declarative_base()


class Author(Base):
    __tablename__ = "author"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(40))
    # a string inside: 2.0 can evaluate the annotation when the class is created
    books: List["Book"] = orm.relationship("Book", back_populates="author")
    nickname: Optional[str] = None


class Stamped:
    stamped: Optional[int] = sa.Column(sa.Integer, default=7)


class Book(Stamped, Base):
    """Books: annotations are strings under `from __future__ import annotations`."""
    __tablename__ = "book"

    id = sa.Column(sa.Integer, primary_key=True)
    author_id = sa.Column(sa.ForeignKey("author.id"))
    author = orm.relationship("Author", back_populates="books")


engine = sa.create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = orm.Session(engine)
session.add(Author(name="le guin", books=[Book(), Book()]))
session.commit()
print([(b.id, b.stamped, b.author.name) for b in session.query(Book).order_by(Book.id)])
session.close()
print(sqlite3.connect("app.db").execute("SELECT id, stamped, author_id FROM book").fetchall())
