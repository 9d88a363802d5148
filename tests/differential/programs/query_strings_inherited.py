# Attributes a class inherits (a mixin's columns, a base class's relationship in single-table inheritance),
# and a query bound to a name and refined before its options are given.
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base, defer, joinedload, relationship

Base = declarative_base()


class Audited:
    created_by = Column(String)


class Document(Audited, Base):
    __tablename__ = "documents"
    id = Column(Integer, primary_key=True)
    kind = Column(String)
    body = Column(String)
    pages = relationship("Page", order_by="Page.id")
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "doc"}


class Invoice(Document):
    __mapper_args__ = {"polymorphic_identity": "invoice"}


class Page(Base):
    __tablename__ = "pages"
    id = Column(Integer, primary_key=True)
    document_id = Column(ForeignKey("documents.id"))
    number = Column(Integer)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add_all([Invoice(body="pay", created_by="ann", pages=[Page(number=1)]), Document(body="read", created_by="bo")])
session.commit()
session.expunge_all()

q = session.query(Invoice)
q = q.filter(Invoice.body == "pay")
invoice = q.options(joinedload("pages"), defer("created_by")).one()
print(type(invoice).__name__, "pages" in invoice.__dict__, "created_by" in invoice.__dict__)
print(session.query(Invoice.body).join("pages").filter(Page.number == 1).all())
session.close()
print("second connection:", sqlite3.connect("app.db").execute("SELECT count(*) FROM documents").fetchone())
