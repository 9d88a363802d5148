import sqlite3
from typing import List, Optional

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import Session, as_declarative, registry, relationship

mapper_registry = registry()
Generated = mapper_registry.generate_base()


@as_declarative()
class Decorated:
    pass


class Shelf(Generated):
    __tablename__ = "shelf"
    id = Column(Integer, primary_key=True)
    books: List["Book"] = relationship("Book")


class Book(Generated):
    __tablename__ = "book"
    id = Column(Integer, primary_key=True)
    shelf_id = Column(ForeignKey("shelf.id"))
    title = Column(String(50))
    subtitle: Optional[str] = None


class Tag(Decorated):
    __tablename__ = "tag"
    id = Column(Integer, primary_key=True)
    label: Optional[str]


@mapper_registry.mapped
class Note:
    __tablename__ = "note"
    id = Column(Integer, primary_key=True)
    body = Column(String(50))
    shelf_id = Column(ForeignKey("shelf.id"))
    shelf: Optional["Shelf"] = relationship("Shelf", uselist=False)


engine = create_engine("sqlite:///app.db")
Generated.metadata.create_all(engine)
Decorated.metadata.create_all(engine)
with Session(engine) as session:
    shelf = Shelf(books=[Book(title="a"), Book(title="b")])
    session.add_all([shelf, Tag(), Note(body="n", shelf=shelf)])
    session.commit()
    print([b.title for b in session.query(Shelf).one().books], session.query(Note).one().shelf.id, session.query(Tag).count())
print(sqlite3.connect("app.db").execute("SELECT title, shelf_id FROM book ORDER BY id").fetchall())
