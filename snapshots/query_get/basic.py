from sqlalchemy import Column, Integer, create_engine
from sqlalchemy.orm import Session, declarative_base, joinedload, scoped_session, sessionmaker

Base = declarative_base()
engine = create_engine("sqlite://")
Scoped = scoped_session(sessionmaker(bind=engine))


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)

    @classmethod
    def by_id(cls, ident):
        return Scoped.get(cls, ident)


def load(session: Session, user_id, opts, lock):
    a = session.get(User, user_id)
    b = session.get(User, user_id, options=[joinedload(User.addresses), joinedload(User.orders)])
    c = session.get(User, user_id, populate_existing=True, with_for_update={"nowait": True, "of": User})
    d = session.get(User, user_id, with_for_update={"read": True})  # read=True, positionally (1.4)
    e = session.get(User, (1, "a"), with_for_update={**lock}, execution_options=opts)
    f = session.get(User, {"id": 1}, execution_options={"stream_results": True, **opts})
    g = session.get(User, tuple(k for k in user_id))
    h = session.get(User, user_id, options=[*opts])
    return a, b, c, d, e, f, g, h


user = (
    Scoped.get(User, 5, options=[joinedload(User.addresses)])
)
other = sessionmaker(bind=engine)().get(User, 1)
with Session(engine) as s:
    s.get(User, 1)
