# MetaData("url"): 2.0 takes the URL as the schema name, silently. Never left unreported.
from sqlalchemy import Column, Integer, MetaData, Table

metadata = MetaData("sqlite:///app.db")
users = Table("users", metadata, Column("id", Integer, primary_key=True))


def setup():
    metadata.create_all()
