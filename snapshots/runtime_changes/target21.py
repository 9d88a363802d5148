from sqlalchemy import Column, Computed, Enum, Integer, create_engine, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, noload, relationship
from sqlalchemy.orm.collections import collection

engine = create_engine("postgresql+psycopg2://scott@localhost/test")
ora = create_engine("oracle+cx_oracle://scott@localhost/xe", echo=True)
DATABASE_URL = "postgresql://scott@localhost/other"
lite = create_engine("sqlite:///file:app.db?mode=ro")
mem = create_engine("sqlite:///file:mem?mode=memory&cache=shared&uri=true")
pooled = create_engine("sqlite:///file:mem?mode=memory&uri=true", poolclass=object)


class HasId:
    id = Column(Integer, primary_key=True)
    double = Column(Integer, Computed("id * 2"))
    kept = Column(Integer, Computed("id * 3", persisted=True))
    kind = Column(Enum("a", "b", name="kind", inherit_schema=True))


class Parent(HasId):
    children = relationship("Child", secondary="Assoc.__table__", lazy="noload")
    others = relationship("Other", secondary="assoc_table")


class Bag(list):
    @collection.converter
    def convert(self, value):
        return value


def work(session: Session, t):
    session.flush([t])
    session.flush()
    session.query(Parent).options(noload(Parent.children))
    stmt = select(t).distinct(t.c.x)
    plain = select(t).distinct()
    found = postgresql.Any(7, t.c.arr)
    with engine.connect() as conn:
        conn.execute(stmt, [])


def classical(t, reg):
    from sqlalchemy.orm import mapper, registry

    mapper(Bag, t, non_primary=True)
    registry().map_imperatively(Bag, t, non_primary=True)
    mapper(Bag, t, non_primary=False)
