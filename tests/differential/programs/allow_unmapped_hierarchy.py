import sqlite3
from typing import Any, ClassVar, Optional

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import column_property, declarative_base, deferred, sessionmaker, synonym

Base = declarative_base()


class Model(Base):
    __abstract__ = True
    id = Column(Integer, primary_key=True)
    # on an abstract base, an annotated Column is rejected whatever __allow_unmapped__ says: wrapped
    code: Optional[str] = Column(String(10))
    registry_name: ClassVar[str] = "models"


class Employee(Model):
    __tablename__ = "employee"
    kind = Column(String(20))
    name = Column(String(50))
    salary = Column(Integer)
    name_upper: str = column_property(name + "!")
    bio: str = deferred(Column(String(200)))
    title: Any = synonym("name")
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "employee"}


class Manager(Employee):
    # single-table inheritance: a subclass's own annotation is rejected too
    reports: Optional[int]
    __mapper_args__ = {"polymorphic_identity": "manager"}


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = sessionmaker(bind=engine)()
session.add_all([Employee(name="ann", code="e1", bio="x"), Manager(name="bob", code="m1", salary=3)])
session.commit()
for e in session.query(Employee).order_by(Employee.id):
    print(type(e).__name__, e.name, e.name_upper, e.title, e.code, Model.registry_name)
session.close()
print(sqlite3.connect("app.db").execute("SELECT kind, name, code FROM employee ORDER BY id").fetchall())
