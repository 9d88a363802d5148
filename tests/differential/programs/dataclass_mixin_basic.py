# differential: before-2.0 MappedAsDataclass is 2.0 code; 2.0 warns (dcmx), 2.1 raises
# differential: not-1.4 MappedAsDataclass does not exist in 1.4
import sqlite3
import sys
import warnings

from sqlalchemy import create_engine, select
from sqlalchemy.exc import SADeprecationWarning
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, Session, mapped_column

if "default" not in sys.warnoptions:
    warnings.simplefilter("error", SADeprecationWarning)


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class Audit:
    """Who changed a row."""

    who: Mapped[str] = mapped_column(default="system")


class Post(Audit, Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    title: Mapped[str] = mapped_column(default="")


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
with Session(engine) as session:
    session.add_all([Post("alice", "hello"), Post(title="second")])
    session.commit()
    for post in session.scalars(select(Post).order_by(Post.id)):
        print(post)

print(sqlite3.connect("app.db").execute("SELECT id, who, title FROM post ORDER BY id").fetchall())
