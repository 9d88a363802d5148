# differential: finding Query.from_self() is removed in 2.0
# differential: finding Query.join(aliased=...) is removed in 2.0
# differential: finding Query.with_polymorphic() is removed in 2.0
# differential: finding Query.select_entity_from() is removed in 2.0
# The removed Query methods that need an aliased() entity are reported (in functions this program never
# calls); the negative index beside them is rewritten, and fails on 2.0 unmigrated.
from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base, relationship

Base = declarative_base()


class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("nodes.id"))
    name = Column(String(20))
    children = relationship("Node")


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add(Node(id=1, name="root", children=[Node(id=2, name="a"), Node(id=3, name="b")]))
session.commit()


def legacy_forms(sq):
    q = session.query(Node)
    return (
        q.from_self(Node.name),
        q.join(Node.children, aliased=True),
        q.with_polymorphic("*"),
        q.select_entity_from(sq),
    )


print("last child:", session.query(Node).filter(Node.parent_id == 1).order_by(Node.id)[-1].name)
