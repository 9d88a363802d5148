import sqlalchemy as sa
from sqlalchemy import orm

Base = orm.declarative_base()


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)
    orders = orm.relationship("Order")


class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.ForeignKey("users.id"))
    items = orm.relationship("Item")


class Item(Base):
    __tablename__ = "items"
    id = sa.Column(sa.Integer, primary_key=True)
    order_id = sa.Column(sa.ForeignKey("orders.id"))


def users(session: orm.Session):
    return session.query(User).options(orm.defaultload(User.orders).subqueryload(Order.items)).all()
