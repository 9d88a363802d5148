# Query rows of columns (session.query(A.id, A.name)) are Rows: row["name"] and row.keys() fail on 2.0.
# session.query(A) gives A instances, which stay as they are; `in` on a Query row tested values already.
import sqlite3

from sqlalchemy import Column, Integer, String, create_engine, func
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))

    def __getitem__(self, key):
        return getattr(self, key)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)

session = Session(engine)
session.add_all([User(id=1, name="ann"), User(id=2, name="bob")])
session.commit()

pair = session.query(User.id, User.name).filter(User.id == 1).first()
print("pair:", pair["name"], list(pair.keys()), dict(pair), "name" in pair, "ann" in pair)
for row in session.query(User.name).order_by(User.id):
    print("name:", row["name"])
counted = session.query(func.count(User.id).label("n")).one()
print("count:", counted["n"])
user = session.query(User).filter(User.id == 2).first()
print("instance:", user["name"], user.name)
for u in session.query(User).order_by(User.id):
    u.name = u["name"] + "!"
session.commit()

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, name FROM users ORDER BY id").fetchall())
