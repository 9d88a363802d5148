from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, joinedload, relationship

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    addresses = relationship("Address")


class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))


def users(sess):
    # the Session is a parameter nothing annotates: unsafe fixes only
    return sess.query(User).options(joinedload(User.addresses)).join(User.addresses).all()
