# String names in Query.join()/outerjoin(): each .join() call starts from the query's entity; within one
# call a string follows the previous hop; a string onclause resolves against the left side.
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base, relationship

Base = declarative_base()


class Team(Base):
    __tablename__ = "teams"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    players = relationship("Player")
    sponsors = relationship("Sponsor")


class Player(Base):
    __tablename__ = "players"
    id = Column(Integer, primary_key=True)
    team_id = Column(ForeignKey("teams.id"))
    name = Column(String)
    goals = relationship("Goal")


class Goal(Base):
    __tablename__ = "goals"
    id = Column(Integer, primary_key=True)
    player_id = Column(ForeignKey("players.id"))
    minute = Column(Integer)


class Sponsor(Base):
    __tablename__ = "sponsors"
    id = Column(Integer, primary_key=True)
    team_id = Column(ForeignKey("teams.id"))
    brand = Column(String)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add_all([
    Team(name="red", players=[Player(name="ann", goals=[Goal(minute=3), Goal(minute=80)])], sponsors=[Sponsor(brand="x")]),
    Team(name="blue", players=[Player(name="bob")]),
])
session.commit()

print(session.query(Team.name).join("players").order_by(Team.name).all())
print(session.query(Team.name, Goal.minute).join("players", "goals").order_by(Goal.minute).all())
print(session.query(Team.name).outerjoin("players", "goals").filter(Goal.id.is_(None)).all())
print(session.query(Team.name).join("players").join("sponsors").filter(Sponsor.brand == "x").distinct().all())
print(session.query(Player.name).join(Goal, "goals").filter(Goal.minute > 10).all())
print(session.query(Team).join("players").filter(Player.name == "bob").one().name)
session.close()
print("second connection:", sqlite3.connect("app.db").execute("SELECT count(*) FROM goals").fetchone())
