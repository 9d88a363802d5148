import datetime
import sqlite3
from typing import Optional

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, declared_attr, relationship, sessionmaker

Base = declarative_base()


class User(Base):
    __tablename__ = "user"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))


class Audited:
    """Columns every audited table gets."""

    created_by: Optional[str] = Column(String(20))
    created_at: datetime.datetime = Column(DateTime, default=datetime.datetime(2020, 1, 2))
    # plain annotations on a mixin are fine on 2.0
    audit_label: str = "audited"

    @declared_attr
    def owner_id(cls) -> int:
        return Column(ForeignKey("user.id"))

    @declared_attr
    def owner(cls):
        return relationship(User)


class Document(Audited, Base):
    __tablename__ = "document"
    id = Column(Integer, primary_key=True)
    title = Column(String(50))


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = sessionmaker(bind=engine)()
ann = User(name="ann")
session.add(Document(title="spec", created_by="bob", owner=ann))
session.commit()
doc = session.query(Document).one()
print(doc.title, doc.created_by, doc.created_at, doc.owner.name, Document.audit_label)
print([(c.name, c.nullable, str(c.type)) for c in sorted(Document.__table__.c, key=lambda c: c.name)])
session.close()
print(sqlite3.connect("app.db").execute("SELECT title, created_by, owner_id FROM document").fetchall())
