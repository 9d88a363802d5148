from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.ext.declarative import DeferredReflection
from sqlalchemy.orm import close_all_sessions, declarative_base, declared_attr, joinedload, relationship, Session


Base = declarative_base()


class Parent(Base):
    __tablename__ = "parent"
    id = Column(Integer, primary_key=True)
    children = relationship("Child")  # the 1.x synonym


class Child(Base):
    __tablename__ = "child"
    id = Column(Integer, primary_key=True)

    @declared_attr
    def parent_id(cls):
        return Column(ForeignKey("parent.id"))


def load(session: Session):
    close_all_sessions()
    return session.query(Parent).options(joinedload(Parent.children)).all()
