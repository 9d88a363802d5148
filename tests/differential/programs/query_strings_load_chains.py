# Load(Entity) with string names, and chained options whose strings follow the previous hop's target.
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import Load, Session, declarative_base, joinedload, relationship, selectinload

Base = declarative_base()


class Forum(Base):
    __tablename__ = "forums"
    id = Column(Integer, primary_key=True)
    topic = Column(String)
    threads = relationship("Thread", order_by="Thread.id")


class Thread(Base):
    __tablename__ = "threads"
    id = Column(Integer, primary_key=True)
    forum_id = Column(ForeignKey("forums.id"))
    subject = Column(String)
    posts = relationship("Post", order_by="Post.id")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    thread_id = Column(ForeignKey("threads.id"))
    body = Column(String)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add(Forum(topic="t", threads=[Thread(subject="s", posts=[Post(body="hello"), Post(body="bye")])]))
session.commit()


def report(label, forum):
    thread = forum.__dict__.get("threads")
    posts = thread and thread[0].__dict__.get("posts")
    print(label, thread is not None, posts is not None, "body" in (posts[0].__dict__ if posts else {}))


for label, option in [
    ("Load chain", Load(Forum).joinedload("threads").selectinload("posts")),
    ("bound then string", joinedload(Forum.threads).joinedload("posts")),
    ("Load defer", Load(Forum).defer("topic")),
]:
    session.expunge_all()
    report(label, session.query(Forum).options(option).one())
session.expunge_all()
report("string then string", session.query(Forum).options(selectinload("threads").selectinload("posts").load_only("id")).one())
session.close()
print("second connection:", sqlite3.connect("app.db").execute("SELECT count(*) FROM posts").fetchone())
