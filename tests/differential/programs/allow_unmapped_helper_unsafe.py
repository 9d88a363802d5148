import sqlite3
from typing import List

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, relationship, sessionmaker

Base = declarative_base()


def children(target, **kw):
    """A project helper: the tool cannot tell what it returns, so the fix is an unsafe one."""
    return relationship(target, order_by=f"{target}.id", **kw)


class Folder(Base):
    __tablename__ = "folder"
    id = Column(Integer, primary_key=True)
    files: List["File"] = children("File")


class File(Base):
    __tablename__ = "file"
    id = Column(Integer, primary_key=True)
    folder_id = Column(ForeignKey("folder.id"))
    name = Column(String(20))


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = sessionmaker(bind=engine)()
session.add(Folder(files=[File(name="a"), File(name="b")]))
session.commit()
print([f.name for f in session.query(Folder).one().files])
session.close()
print(sqlite3.connect("app.db").execute("SELECT name, folder_id FROM file ORDER BY id").fetchall())
