# Session.execute()/scalar() with a plain SQL string (1.x wrapped it in text(); 2.0: ArgumentError) and with
# the 1.x bind arguments mapper=/clause=/bind= (2.0: TypeError), on a Session and a scoped_session.
import sqlite3

from sqlalchemy import Column, Integer, String, create_engine, select
from sqlalchemy.orm import Session, declarative_base, scoped_session, sessionmaker

engine = create_engine("sqlite:///app.db")
Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))


Base.metadata.create_all(engine)
session = Session(engine)
session.execute("INSERT INTO users (name) VALUES (:name)", {"name": "a"})
session.execute("INSERT INTO users (name) VALUES ('50%%')")
session.execute(f"INSERT INTO users (name) VALUES ('{'b'}')")
print("count:", session.scalar("SELECT count(*) FROM users"))
print("names:", [r.name for r in session.execute(select(User.name).order_by(User.id), mapper=User)])
print("bound:", session.execute(select(User.id), bind=engine, clause=select(User)).scalars().all())
session.commit()

Scoped = scoped_session(sessionmaker(bind=engine))
Scoped.execute("UPDATE users SET name = upper(name) WHERE id = :id", {"id": 1})
Scoped.commit()

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, name FROM users ORDER BY id").fetchall())
