# Dotted loader paths: 1.x loaded only the last hop with the named strategy ("a.b" is defaultload(a) then
# the strategy on b); contains_eager applied it to every hop. 2.0 accepts no strings at all.
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import Session, contains_eager, declarative_base, defer, joinedload, relationship, selectinload

Base = declarative_base()


class Shop(Base):
    __tablename__ = "shops"
    id = Column(Integer, primary_key=True)
    orders = relationship("Order", order_by="Order.id")


class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"))
    note = Column(String)
    lines = relationship("Line", order_by="Line.id")


class Line(Base):
    __tablename__ = "lines"
    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"))
    sku = Column(String)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add(Shop(orders=[Order(note="n1", lines=[Line(sku="a"), Line(sku="b")]), Order(note="n2")]))
session.commit()


def state(shop):
    first = shop.__dict__.get("orders")
    print(" orders loaded with the shop:", first is not None)
    order = shop.orders[0]
    print(" lines loaded with the orders:", "lines" in order.__dict__, "note loaded:", "note" in order.__dict__)


session.expunge_all()
state(session.query(Shop).options(joinedload("orders.lines")).one())
session.expunge_all()
state(session.query(Shop).options(selectinload("orders", "lines")).one())
session.expunge_all()
state(session.query(Shop).options(defer("orders.note")).one())
session.expunge_all()
eager = (
    session.query(Shop)
    .join(Shop.orders)
    .join(Order.lines)
    .options(contains_eager("orders.lines"))
    .order_by(Order.id, Line.id)
    .one()
)
state(eager)
session.close()
print("second connection:", sqlite3.connect("app.db").execute("SELECT count(*) FROM lines").fetchone())
