from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite://")
Factory = sessionmaker(bind=engine)


def work(user):
    session = Session(engine)
    session.begin()
    with session.begin(subtransactions=True):
        session.add(user)
    with session.begin(subtransactions=True) as tx:
        session.add(user)
    session.begin(subtransactions=True)
    session.commit()
    if session.transaction is not None:
        print(session.transaction.nested)
    return Factory
