# `metadata.bind = engine` and `Base.metadata.bind = engine` (2.0 silently keeps an unused attribute),
# with create_all()/drop_all() and an autoloaded Table relying on it.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine
from sqlalchemy.orm import declarative_base

db = sqlite3.connect("app.db")
db.execute("CREATE TABLE legacy (id INTEGER PRIMARY KEY, label VARCHAR(10))")
db.execute("INSERT INTO legacy (label) VALUES ('old')")
db.commit()
db.close()

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
metadata.bind = engine
legacy = Table("legacy", metadata, autoload=True)
print("autoloaded:", [c.name for c in legacy.columns])

Base = declarative_base()
Base.metadata.bind = engine


class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    text = Column(String(50))


Base.metadata.create_all()
Note.__table__.drop()
Note.__table__.create()
engine.dispose()

db = sqlite3.connect("app.db")
print("tables:", sorted(r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")))
print("legacy:", db.execute("SELECT * FROM legacy").fetchall())
