from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, event
from sqlalchemy.orm import Mapper, registry, mapper, relationship

mapper_registry = registry()

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String))
addresses = Table("addresses", metadata, Column("id", Integer, primary_key=True), Column("user_id", ForeignKey("users.id")))


class User(object):
    pass


class Address(object):
    pass


class Order(object):
    pass


mapper_registry.map_imperatively(User, users, properties={"addresses": relationship(Address, backref="user")})
mapper_registry.map_imperatively(Address, addresses)
mapper(Order, addresses, properties={"owner": relationship("Customer")})


@event.listens_for(Mapper, "after_insert")
def audit(mapper_, connection, target):
    pass


def map_late(cls, table):
    mapper(cls, table)
