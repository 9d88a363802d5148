# differential: finding string attribute name 'items'
# differential: finding string attribute name 'nickname'
# What the tool cannot resolve is reported, never guessed: an option built away from its query, a name the
# models do not declare. Those lines only run when asked; the rest is rewritten.
import sqlite3
import sys

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base, joinedload, relationship

Base = declarative_base()


class Cart(Base):
    __tablename__ = "carts"
    id = Column(Integer, primary_key=True)
    items = relationship("CartItem")


class CartItem(Base):
    __tablename__ = "cart_items"
    id = Column(Integer, primary_key=True)
    cart_id = Column(ForeignKey("carts.id"))
    label = Column(String)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add(Cart(items=[CartItem(label="pen")]))
session.commit()


def options_elsewhere():
    return [joinedload("items")]


if "--elsewhere" in sys.argv:
    print(session.query(Cart).options(*options_elsewhere()).all())
    print(session.query(Cart).options(joinedload("nickname")).all())

cart = session.query(Cart).options(joinedload("items")).one()
print("items loaded:", "items" in cart.__dict__, [i.label for i in cart.items])
print(session.query(Cart.id, CartItem.label).join(CartItem, "items").all())
session.close()
print("second connection:", sqlite3.connect("app.db").execute("SELECT count(*) FROM cart_items").fetchone())
