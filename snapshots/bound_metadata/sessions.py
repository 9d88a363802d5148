# An unbound sessionmaker given a bind later stays; one with a Session class of its own is reported.
from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///app.db")
metadata = MetaData(bind=engine)
Configured = sessionmaker()
Custom = sessionmaker(class_=Session)
Bound = sessionmaker(bind=engine)


def configure():
    Configured.configure(bind=engine)


def one_off():
    return Session(bind=engine)
