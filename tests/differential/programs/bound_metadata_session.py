# declarative_base(bind=engine) with an unbound sessionmaker(): the Session found the engine through the
# mapped class's MetaData in 1.x; 2.0 needs sessionmaker(bind=engine).
import sqlite3

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

engine = create_engine("sqlite:///app.db")
Base = declarative_base(bind=engine)
Session = sessionmaker()
Scoped = scoped_session(sessionmaker(expire_on_commit=False))


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))


Base.metadata.create_all()
session = Session()
session.add_all([User(name="ada"), User(name="bob")])
session.commit()
print("count:", session.query(User).count())
session.close()
Scoped.add(User(name="cy"))
Scoped.commit()
print("names:", [u.name for u in Scoped.query(User).order_by(User.id)])
Scoped.remove()
engine.dispose()

db = sqlite3.connect("app.db")
print("users:", db.execute("SELECT id, name FROM users ORDER BY id").fetchall())
