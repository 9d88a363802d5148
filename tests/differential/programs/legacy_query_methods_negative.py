# Negative indexes and slices on a Query: 1.x loaded every row and indexed the list; 2.0 raises IndexError.
# `q[1:-1]` (stop - start <= 0) returned [] without a query in 1.4 and does so in 2.0: left alone.
import sqlite3

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class Event(Base):
    __tablename__ = "events"
    id = Column(Integer, primary_key=True)
    kind = Column(String(20))


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add_all([Event(id=i, kind="k%d" % (i % 3)) for i in range(1, 8)])
session.commit()


def ids(events):
    return [e.id for e in events]


ordered = session.query(Event).order_by(Event.id)
print("last:", ordered[-1].id, "second to last:", ordered[-2].id)
print("tail:", ids(ordered[-3:]), "middle:", ids(ordered[-4:-1]), "head:", ids(ordered[:-5]))
print("stepped:", ids(ordered[-6::2]))
print("empty:", ids(ordered[1:-1]), ids(ordered[-1:-3]))
print("chained:", session.query(Event).filter(Event.kind == "k1").order_by(Event.id)[-1].id)
try:
    session.query(Event).filter(Event.id > 100)[-1]
except IndexError as e:
    print("no rows:", type(e).__name__)
ordered[-1].kind = "last"
session.commit()
print("second connection:", sqlite3.connect("app.db").execute("SELECT id, kind FROM events ORDER BY id").fetchall())
