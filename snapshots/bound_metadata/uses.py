# Every use site of a bound MetaData gets the engine; the bind site goes once all of them do.
from sqlalchemy import inspect, Column, Integer, MetaData, String, Table, create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
logs = Table("logs", metadata, autoload_with=engine)
events = Table("events", metadata, autoload_with=engine)
Session = scoped_session(sessionmaker(autoflush=False, bind=engine))


def setup():
    metadata.create_all(engine)
    metadata.reflect(engine, only=["users"])
    if not inspect(engine).has_table(users.name, schema=users.schema):
        users.create(engine, checkfirst=True)  # keep the keyword


def teardown():
    users.drop(engine, checkfirst=True)
    metadata.drop_all(engine)
