from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
import contextlib


@contextlib.contextmanager
def _sqla_upgrade_subtransaction(session):
    """What `with session.begin(subtransactions=True):` did on a 1.x Session (added by sqla-upgrade): join the
    session's transaction, flush at the end, roll the whole transaction back on an exception."""
    try:
        yield
        session.flush()
    except BaseException:
        session.rollback()
        raise


engine = create_engine("sqlite://")
Factory = sessionmaker(bind=engine)


def work(user):
    session = Session(engine)
    session.begin()
    with _sqla_upgrade_subtransaction(session):
        session.add(user)
    with session.begin(subtransactions=True) as tx:
        session.add(user)
    session.begin(subtransactions=True)
    session.commit()
    if session.get_transaction() is not None:
        print(session.get_transaction().nested)
    return Factory
