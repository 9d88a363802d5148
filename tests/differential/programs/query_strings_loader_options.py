# String attribute names in loader options (joinedload, subqueryload, selectinload, lazyload, defer, undefer,
# load_only): 2.0 raises ArgumentError ("Strings are not accepted for attribute names in loader options").
# What each query loaded is printed: the attributes already in the instance's __dict__, and the statements run.
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine, event
from sqlalchemy.orm import (
    Session,
    declarative_base,
    deferred,
    joinedload,
    lazyload,
    load_only,
    relationship,
    selectinload,
    subqueryload,
    undefer,
)

Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    bio = deferred(Column(String))
    books = relationship("Book", order_by="Book.id")
    awards = relationship("Award", lazy="joined", order_by="Award.id")


class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("authors.id"))
    title = Column(String)


class Award(Base):
    __tablename__ = "awards"
    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("authors.id"))
    year = Column(Integer)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
statements = []
event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

session = Session(engine)
session.add_all([Author(name="Le Guin", bio="b1", books=[Book(title="Earthsea")], awards=[Award(year=1970)]),
                 Author(name="Herbert", bio="b2", books=[Book(title="Dune")])])
session.commit()


def show(label, query):
    session.expunge_all()
    del statements[:]
    rows = query.all()
    loaded = sorted(k for k in vars(rows[0]) if not k.startswith("_"))
    print(label, len(rows), loaded, len(statements))


show("joined", session.query(Author).options(joinedload("books")).order_by(Author.id))
show("subquery", session.query(Author).options(subqueryload("books")).order_by(Author.id))
show("selectin", session.query(Author).options(selectinload("books"), lazyload("awards")))
show("load_only", session.query(Author).options(load_only("name")))
show("undefer", session.query(Author).options(undefer("bio"), joinedload("books", innerjoin=True)))
session.close()

check = sqlite3.connect("app.db")
print("second connection:", check.execute("SELECT count(*) FROM books").fetchone())
