# Classical mapper(): removed in 2.0; one registry for the module, mapper as an event target → Mapper.
import os
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, event
from sqlalchemy.orm import Session, mapper, relationship

if os.path.exists("app.db"):
    os.remove("app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
addresses = Table(
    "addresses", metadata, Column("id", Integer, primary_key=True), Column("user_id", ForeignKey("users.id")),
    Column("email", String(50)),
)


class User(object):
    pass


class Address(object):
    def __init__(self, email):
        self.email = email


inserted = []


@event.listens_for(mapper, "after_insert")
def audit(mapper_, connection, target):
    inserted.append(type(target).__name__)


mapper(User, users, properties={"addresses": relationship(Address, backref="user", order_by=addresses.c.id)})
mapper(Address, addresses)

engine = create_engine("sqlite:///app.db")
metadata.create_all(engine)
session = Session(engine)
u = User()
u.name = "ann"
u.addresses = [Address("a@x"), Address("b@x")]
session.add(u)
session.commit()
print(session.query(User).one().name, [a.email for a in session.query(User).one().addresses])
print("events:", sorted(inserted))
print("second connection:", sqlite3.connect("app.db").execute("select count(*) from addresses").fetchone())
