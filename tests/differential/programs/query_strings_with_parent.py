# differential: finding legacy-query-methods Query.with_parent() is legacy
# with_parent(instance, "relationship") and Query.with_parent(instance, "relationship"): 2.0 accepts only
# class-bound relationships ("with_parent() accepts class-bound mapped attributes, not strings").
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base, relationship, with_parent

Base = declarative_base()


class Playlist(Base):
    __tablename__ = "playlists"
    id = Column(Integer, primary_key=True)
    tracks = relationship("Track", order_by="Track.id")


class Track(Base):
    __tablename__ = "tracks"
    id = Column(Integer, primary_key=True)
    playlist_id = Column(ForeignKey("playlists.id"))
    title = Column(String)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
mine = Playlist(id=1, tracks=[Track(title="one"), Track(title="two")])
session.add_all([mine, Playlist(id=2, tracks=[Track(title="three")])])
session.commit()

print([t.title for t in session.query(Track).filter(with_parent(mine, "tracks")).order_by(Track.id)])
other = session.query(Playlist).filter(Playlist.id == 2).one()
print([t.title for t in session.query(Track).filter(with_parent(other, "tracks"))])
print([t.title for t in session.query(Track).with_parent(mine, "tracks").order_by(Track.id.desc())])
session.close()
print("second connection:", sqlite3.connect("app.db").execute("SELECT count(*) FROM tracks").fetchone())
