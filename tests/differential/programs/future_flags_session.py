# Session(future=True) / sessionmaker(future=True): dropped (2.0 ignores it); future=False is reported. The
# original fails on 2.0 at begin(subtransactions=False) (session-transactions).
# differential: finding Session(future=False) raises ArgumentError
import os
import sqlite3

from sqlalchemy import Column, Integer, create_engine, text
from sqlalchemy.orm import Session, declarative_base, scoped_session, sessionmaker

if os.path.exists("app.db"):
    os.remove("app.db")
Base = declarative_base()


class Item(Base):
    __tablename__ = "item"
    id = Column(Integer, primary_key=True)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
with Session(engine, future=True) as session:
    session.add(Item(id=1))
    session.commit()
Factory = sessionmaker(
    bind=engine,
    future=True,
)
with Factory() as session:
    session.add(Item(id=2))
    session.commit()
    print(session.execute(text("select count(*) from item")).scalar())
with Factory() as session:
    session.begin(subtransactions=False)
    session.rollback()
Scoped = scoped_session(sessionmaker(future=True, bind=engine))
print(Scoped.query(Item).count())


def legacy():
    return sessionmaker(future=False)


print("second connection:", sqlite3.connect("app.db").execute("select count(*) from item").fetchone())
