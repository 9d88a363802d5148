from sqlalchemy.ext.declarative import instrument_declarative
from sqlalchemy.ext.declarative import *
from sqlalchemy.orm import joinedload_all


def load(session, User):
    return session.query(User).options(joinedload_all("orders.items")).all()
