# `metadata.bind = engine` (2.0 silently keeps an unused attribute) and declarative_base(bind=...).
from sqlalchemy import Column, Integer, MetaData, create_engine
from sqlalchemy.orm import declarative_base

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)


def setup():
    metadata.create_all(engine)
    Base.metadata.create_all(engine)
    User.__table__.create(engine, checkfirst=True)


Positional = declarative_base()  # 1.x's first argument was bind; 2.0's are keyword-only
Positional.metadata.create_all(engine)
