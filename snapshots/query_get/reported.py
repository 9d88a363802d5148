from sqlalchemy import Column, Integer
from sqlalchemy.orm import Session, declarative_base, joinedload

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)


def load(session: Session, user_id, make_option, next_key):
    a = session.query(User).filter(User.id > 0).get(user_id)
    b = session.query(User).order_by(User.id).get(user_id)
    c = session.query(User).populate_existing().populate_existing().get(user_id)
    d = session.query(User).options(make_option()).get(next_key())
    e = session.get(User, next_key(), options=[joinedload(User.addresses)])
    f = (
        session.query(User)
        # lock the row
        .with_for_update()
        .get(user_id)
    )
    return a, b, c, d, e, f
