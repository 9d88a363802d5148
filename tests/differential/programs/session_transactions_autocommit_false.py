# sessionmaker(autocommit=False) and Session(autocommit=False) → dropped; begin(subtransactions=False) →
# begin(). The original fails on 2.0 at begin(subtransactions=False) (TypeError).
import os
import sqlite3

from sqlalchemy import Column, Integer, create_engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

if os.path.exists("app.db"):
    os.remove("app.db")
Base = declarative_base()


class Item(Base):
    __tablename__ = "item"
    id = Column(Integer, primary_key=True)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
Factory = sessionmaker(bind=engine, autocommit=False)
session = Factory()
session.add(Item(id=1))
session.commit()
other = Session(engine, autocommit=False)
other.begin(subtransactions=False)
other.add(Item(id=2))
other.commit()
print(other.query(Item).count())
print("second connection:", sqlite3.connect("app.db").execute("select count(*) from item").fetchone())
