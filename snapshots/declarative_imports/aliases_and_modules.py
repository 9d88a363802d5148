import sqlalchemy.ext.declarative as decl
from sqlalchemy import orm
from sqlalchemy.orm import as_declarative, declarative_base, relationship as rel, relationship
from sqlalchemy.ext.declarative import ConcreteBase

Base = declarative_base()


@as_declarative()
class Other(object):
    pass


class Thing(Base):
    __tablename__ = "thing"
    parts = rel("Part")
    more = orm.relationship("Part")
    extra = relationship("Part")
    options = [orm.joinedload(Base.parts)]
