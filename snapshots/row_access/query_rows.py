from sqlalchemy import Column, ForeignKey, Integer, String, func
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))


class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"))


def names(session: Session):
    # several entities or a column: Row tuples
    pair = session.query(User.id, User.name).first()
    print(pair._mapping["name"], pair._mapping.keys(), dict(pair._mapping), "name" in pair)
    for row in session.query(User.name).filter(User.id > 1):
        print(row._mapping["name"])
    for row in session.query(User, Address).join(Address).all():
        print(row._mapping["User"], row._mapping.keys())
    counted = session.query(func.count(User.id).label("n")).one()
    print(counted._mapping["n"])
    both = session.query(User).add_columns(User.name).first()
    print(both._mapping.keys())
    q = session.query(User.id)
    print(q.first()._mapping.keys(), q.all()[0]._mapping["id"])
    # a mapped class: its instances, never Rows
    user = session.query(User).first()
    print(user["name"], user.keys(), "name" in user)
    for u in session.query(User):
        print(u["name"])
    print(session.query(User).filter_by(id=1).one()["name"])
