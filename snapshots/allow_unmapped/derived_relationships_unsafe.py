from typing import Set

from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, relationship

from app.helpers import children

Base = declarative_base()


class Order(Base):
    __allow_unmapped__ = True
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customer.id"))
    # 2.0 with __allow_unmapped__ reads these annotations: a scalar, a set
    customer: "Customer" = relationship("Customer")
    lines: Set["Line"] = relationship("Line")
    # a call this tool cannot tell
    notes: list = children("Note")


class Customer(Base):
    __tablename__ = "customer"
    id = Column(Integer, primary_key=True)
