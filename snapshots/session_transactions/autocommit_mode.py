from sqlalchemy.orm import Session, sessionmaker

Factory = sessionmaker(autocommit=True)


def work(engine, user, flag):
    session = Session(engine, autocommit=flag)
    with session.begin(subtransactions=True):
        session.add(user)
    other = unknown_session()
    with other.begin(subtransactions=True):
        pass
