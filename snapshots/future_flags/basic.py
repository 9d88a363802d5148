from sqlalchemy import create_engine
from sqlalchemy.orm import Session, scoped_session, sessionmaker

engine = create_engine("sqlite://", future=True)
session = Session(engine)
Factory = sessionmaker(
    bind=engine,
)
Scoped = scoped_session(sessionmaker(bind=engine))
Factory.configure()
legacy = Session(engine, future=False)


def make(flag):
    return sessionmaker(future=flag)
