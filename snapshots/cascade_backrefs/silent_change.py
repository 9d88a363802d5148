from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Parent(Base):
    __tablename__ = "parent"
    id = Column(Integer, primary_key=True)
    children = relationship("Child", backref="parent")


class Child(Base):
    __tablename__ = "child"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("parent.id"))


def adopt(session, parent):
    child = Child()
    child.parent = parent
    session.commit()


def adopt_in_constructor(session, parent):
    child = Child(parent=parent)
    session.commit()


def adopt_and_add(session, parent):
    child = Child()
    child.parent = parent
    session.add(child)
    session.commit()


def adopt_and_return(session, parent):
    child = Child(parent=parent)
    session.flush()
    return child


def append_to_parent(session, parent):
    child = Child()
    parent.children.append(child)
    session.commit()


def no_commit(parent):
    child = Child()
    child.parent = parent
