from sqlalchemy import Column, ForeignKey, Integer, String, select
from sqlalchemy.orm import Session, declarative_base, joinedload, relationship, subqueryload, with_parent

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    addresses = relationship("Address", backref="user")


class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))


OPTIONS = [joinedload("addresses")]


def unresolved(session: Session, user):
    several = session.query(User, Address).options(joinedload("addresses")).all()
    unknown = session.query(User).options(subqueryload("friends")).all()
    column = session.query(User).options(joinedload("name")).all()
    moved = session.query(User).select_from(Address).join("user").all()
    aliased = session.query(User).join("addresses", aliased=True).all()
    backref = select(Address).options(joinedload("user"))
    wildcard = session.query(User).options(joinedload("addresses.*")).all()
    parent = session.query(Address).filter(with_parent(user, "addresses")).all()
    hop = session.query(User).options(joinedload("addresses.user.nothing")).all()
    return several, unknown, column, moved, aliased, backref, wildcard, parent, hop
