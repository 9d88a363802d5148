# Query.get() on the sessions a program may hold: a scoped_session, a sessionmaker's Session, one called
# inline, a `with Session(...) as s` block, and `cls` in a classmethod of the model. 2.x: deprecation
# warnings are errors, so the unmigrated program fails there.
import sqlite3
import warnings

import sqlalchemy
from sqlalchemy import Column, Integer, String, create_engine, exc
from sqlalchemy.orm import Session, declarative_base, scoped_session, sessionmaker

if not sqlalchemy.__version__.startswith("1."):
    warnings.simplefilter("error", exc.SADeprecationWarning)

Base = declarative_base()
engine = create_engine("sqlite:///app.db")
Factory = sessionmaker(bind=engine)
Scoped = scoped_session(Factory)


class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    text = Column(String(40))

    @classmethod
    def by_id(cls, ident):
        return Scoped.query(cls).get(ident)


class Pinned(Note):
    pass


Base.metadata.create_all(engine)
with Session(engine) as s:
    s.add_all([Note(id=1, text="one"), Note(id=2, text="two")])
    s.commit()

print("scoped:", Scoped.query(Note).get(1).text)
print("classmethod:", Note.by_id(2).text, type(Pinned.by_id(1)).__name__)
plain = Factory()
print("sessionmaker:", plain.query(Note).get(2).text)
print("inline:", sessionmaker(bind=engine)().query(Note).get(1).text)
with Session(engine) as s:
    note = s.query(Note).get(1)
    note.text = "uno"
    s.commit()
print("same object:", Scoped.query(Note).get(1) is Note.by_id(1))
print("second connection:", sqlite3.connect("app.db").execute("SELECT id, text FROM notes ORDER BY id").fetchall())
