import sqlite3
from typing import List, Optional

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, relationship, sessionmaker

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customer"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))
    orders: List["Order"] = relationship("Order", back_populates="customer")


class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customer.id"))
    # a many-to-one: 2.0 with __allow_unmapped__ reads the annotation as a scalar, which is what it is
    customer: "Customer" = relationship("Customer", back_populates="orders")
    previous: Optional["Order"] = relationship("Order", remote_side=[id])
    previous_id = Column(ForeignKey("orders.id"))


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = sessionmaker(bind=engine)()
ann = Customer(name="ann")
first = Order(customer=ann)
session.add_all([first, Order(customer=ann, previous=first)])
session.commit()
orders = session.query(Order).order_by(Order.id).all()
print([(o.customer.name, o.previous.id if o.previous else None) for o in orders], len(ann.orders))
print(Order.customer.property.uselist, Customer.orders.property.uselist)
session.close()
print(sqlite3.connect("app.db").execute("SELECT id, customer_id, previous_id FROM orders").fetchall())
