from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import (
    defaultload, Load,
    Session,
    declarative_base,
    defer,
    joinedload,
    load_only,
    relationship,
    selectinload,
    undefer,
    with_parent,
)

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    addresses = relationship("Address", backref="user")
    orders = relationship("Order")


class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    email = Column(String)


class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    items = relationship("Item")


class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"))
    title = Column(String)


def loader_options(session: Session):
    # a comment that stays
    users = session.query(User).options(joinedload(User.addresses), load_only(User.name, User.id)).all()
    nested = session.query(User).filter(User.id > 1).options(
        selectinload(User.orders).joinedload(Order.items),  # per hop
        defer(User.name),
    )
    dotted = session.query(User).options(defaultload(User.orders).joinedload(Order.items, innerjoin=True)).all()
    bound = session.query(User).options(Load(User).undefer(User.name), joinedload(User.orders).selectinload(Order.items))
    backref = session.query(Address).options(joinedload(Address.user)).all()
    return users, nested, dotted, bound, backref


def joins(session: Session):
    one = session.query(User).join(User.addresses).filter(Address.email == "a").all()
    path = session.query(User).outerjoin(User.orders).outerjoin(Order.items).all()
    each = session.query(User).join(User.addresses).join(User.orders).all()
    onclause = session.query(User).join(Address, User.addresses).all()
    pair = session.query(User).join(Address, User.addresses, isouter=True).all()
    pairs = session.query(User).join(Order, User.orders).join(Item, Order.items).all()
    chain = session.query(User).join(User.orders).join(Order.items).all()
    return one, path, each, onclause, pair, pairs, chain


def named_query(session: Session):
    q = session.query(User)
    q = q.filter(User.name == "x")
    return q.options(joinedload(User.addresses)).join(User.orders).all()


def parents(session: Session):
    user = User(id=1)
    return session.query(Address).filter(with_parent(user, User.addresses)).all()


def untouched(session: Session):
    wild = session.query(User).options(joinedload("*"), Load(User).lazyload("*")).all()
    already = session.query(User).options(joinedload(User.addresses)).join(User.orders).all()
    text = ", ".join(["a", "b"])
    return wild, already, text
