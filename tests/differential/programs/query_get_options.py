# Query.get() with the links Session.get() has parameters for: options(), populate_existing(),
# with_for_update() and execution_options(). Query.get() still runs on 2.0 with a LegacyAPIWarning; on 2.x
# this program makes SQLAlchemy's deprecation warnings errors, so the unmigrated program fails there.
import sqlite3
import warnings

import sqlalchemy
from sqlalchemy import Column, ForeignKey, Integer, String, create_engine, event, exc
from sqlalchemy.orm import Session, declarative_base, joinedload, relationship

if not sqlalchemy.__version__.startswith("1."):
    warnings.simplefilter("error", exc.SADeprecationWarning)

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))
    addresses = relationship("Address", order_by="Address.id")


class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    email = Column(String(40))


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
seen = []


@event.listens_for(Session, "do_orm_execute")
def _record(state):
    seen.append((state.execution_options.get("tag"), state.load_options._populate_existing))


with Session(engine) as setup:
    setup.add_all([User(id=1, name="ann", addresses=[Address(email="a@x"), Address(email="b@x")]), User(id=2, name="bob")])
    setup.commit()

session = Session(engine)
opts = {"tag": "from-dict"}
u = session.query(User).options(joinedload(User.addresses)).get(1)
print("options:", u.name, "addresses" in u.__dict__, [a.email for a in u.addresses])
session.close()

u = session.query(User).get(2)
with engine.begin() as conn:
    conn.exec_driver_sql("UPDATE users SET name = 'robert' WHERE id = 2")
print("identity map:", session.query(User).get(2).name)
print("populate_existing:", session.query(User).populate_existing().get(2).name)
print("with_for_update:", session.query(User).with_for_update().get(1).name)
print("with_for_update kw:", session.query(User).with_for_update(read=True, nowait=True).populate_existing().get(1).name)
print("execution_options:", session.query(User).execution_options(**opts).populate_existing().get(1).name)
print("execution_options kw:", session.query(User).execution_options(tag="kw").populate_existing().get(2).name)
print("missing:", session.query(User).options(joinedload(User.addresses)).get(99))
print("events:", seen)
session.query(User).get(1).name = "anne"
session.commit()

check = sqlite3.connect("app.db")
print("second connection:", check.execute("SELECT id, name FROM users ORDER BY id").fetchall())
