import sqlite3
from typing import List, Optional

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, relationship, sessionmaker

Base = declarative_base()


class Parent(Base):
    """A parent, annotated as 1.x code often was."""

    __tablename__ = "parent"
    id: int = Column(Integer, primary_key=True)
    name: str = Column(String(50))
    kids: List["Kid"] = relationship("Kid", back_populates="parent", order_by="Kid.id")
    # set by the application, never stored
    note: Optional[str] = None
    flag: int = 5


class Kid(Base):
    __tablename__ = "kid"
    id = Column(Integer, primary_key=True)
    name = Column(String(50))
    parent_id = Column(ForeignKey("parent.id"))
    parent = relationship("Parent", back_populates="kids")
    cached_label: str


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
Session = sessionmaker(bind=engine)
session = Session()
p = Parent(name="ann", kids=[Kid(name="bo"), Kid(name="cy")])
p.note = "transient"
session.add(p)
session.commit()
loaded = session.query(Parent).one()
print(loaded.name, [k.name for k in loaded.kids], loaded.kids[0].parent.name, Parent.flag, loaded.note)
print(sorted(Parent.__table__.c.keys()), sorted(Kid.__table__.c.keys()))
session.close()
print(sqlite3.connect("app.db").execute("SELECT k.name, p.name FROM kid k JOIN parent p ON p.id = k.parent_id ORDER BY k.id").fetchall())
