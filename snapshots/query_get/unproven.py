from sqlalchemy import Column, Integer
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)


def by_session(session, user_id):
    return session.query(User).get(user_id)


def by_entity(session: Session, model, ident):
    return session.query(model).get(ident)


def neither(session, model, ident):
    return session.query(model).get(ident)
