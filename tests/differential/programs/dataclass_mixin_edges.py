# differential: before-2.0 MappedAsDataclass is 2.0 code; 2.0 warns (dcmx), 2.1 raises
# differential: not-1.4 MappedAsDataclass does not exist in 1.4
# differential: not-2.1 the two reported mixins still raise dcmx on 2.1 until they are fixed by hand
# differential: finding is also a base of Page
# differential: finding in Post, Audit comes before Tagged
# differential: finding in Note, Audit comes before Stamped
import inspect
import sqlite3
import sys
import warnings
from typing import Optional

from sqlalchemy import create_engine, select
from sqlalchemy.exc import SADeprecationWarning
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, Session, mapped_column

if "default" not in sys.warnoptions:
    warnings.simplefilter("error", SADeprecationWarning)
# The two edges stay reported, not rewritten: their warnings remain, the fixed mixin's is gone.
warnings.filterwarnings("ignore", message=r".*superclass <class '__main__\.(Tagged|Stamped)'>")


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class PlainBase(DeclarativeBase):
    pass


class Audit:
    who: Mapped[str] = mapped_column(default="system")


class Tagged:
    tag: Mapped[Optional[str]] = mapped_column(default=None)


class Stamped:
    at: Mapped[int] = mapped_column(default=0)


class Post(Audit, Tagged, Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)


class Note(Audit, Stamped, Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)


class Page(Tagged, PlainBase):
    __tablename__ = "page"
    id: Mapped[int] = mapped_column(primary_key=True)


print(list(inspect.signature(Post.__init__).parameters), list(inspect.signature(Note.__init__).parameters))
engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
PlainBase.metadata.create_all(engine)
with Session(engine) as session:
    session.add_all([Post("ann", "x"), Note("bob", 5), Page(tag="p")])
    session.commit()
    print([(p.who, p.tag) for p in session.scalars(select(Post))], [(n.who, n.at) for n in session.scalars(select(Note))])
db = sqlite3.connect("app.db")
print(db.execute("SELECT who, tag FROM post").fetchall(), db.execute("SELECT who, at FROM note").fetchall())
