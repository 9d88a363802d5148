# Query.values(), Query.value() and Query.add_column(): deprecated, still there in 2.0 and 2.1 with an
# SADeprecationWarning (errors on 2.x here, so the unmigrated program fails there).
import sqlite3
import warnings

import sqlalchemy
from sqlalchemy import Column, Integer, String, create_engine, exc, func
from sqlalchemy.orm import Session, declarative_base

if not sqlalchemy.__version__.startswith("1."):
    warnings.simplefilter("error", exc.SADeprecationWarning)

Base = declarative_base()


class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    title = Column(String(40))
    pages = Column(Integer)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add_all([Book(id=i, title="book %d" % i, pages=100 * i) for i in range(1, 5)])
session.commit()

rows = session.query(Book).filter(Book.pages > 100).order_by(Book.id).values(Book.title, Book.pages)
print("values next:", next(rows), list(rows))
for title, in session.query(Book).order_by(Book.id.desc()).values(Book.title):
    print("values loop:", title)
print("values list:", list(session.query(Book).order_by(Book.id).values(Book.id)))
print("values comprehension:", [p for p, in session.query(Book).order_by(Book.id).values(Book.pages)])
print("value:", session.query(Book).order_by(Book.pages.desc()).value(Book.title))
print("value aggregate:", session.query(Book).value(func.sum(Book.pages)))
print("value none:", session.query(Book).filter(Book.id > 10).value(Book.title))
q = session.query(Book.title).order_by(Book.id).add_column(Book.pages)
print("add_column:", [tuple(r) for r in q])
session.query(Book).filter(Book.id == 1).update({"title": "first"})
session.commit()
print("second connection:", sqlite3.connect("app.db").execute("SELECT id, title FROM books ORDER BY id").fetchall())
