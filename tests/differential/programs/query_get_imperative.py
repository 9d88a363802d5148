# Query.get() on a class mapped imperatively (registry.map_imperatively, which 1.4 and 2.0 both have):
# the project index knows the class is mapped. 2.x: deprecation warnings are errors.
import sqlite3
import warnings

import sqlalchemy
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, exc
from sqlalchemy.orm import Session, registry

if not sqlalchemy.__version__.startswith("1."):
    warnings.simplefilter("error", exc.SADeprecationWarning)

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
accounts = Table("accounts", metadata, Column("id", Integer, primary_key=True), Column("owner", String(20)))


class Account:
    def __init__(self, id, owner):
        self.id, self.owner = id, owner


mapper_registry.map_imperatively(Account, accounts)

engine = create_engine("sqlite:///app.db")
metadata.create_all(engine)
session = Session(engine)
session.add(Account(1, "ann"))
session.commit()


def owner_of(ident):
    account = session.query(Account).get(ident)
    return account.owner if account is not None else None


print("owner:", owner_of(1), owner_of(2))
session.query(Account).populate_existing().get(1).owner = "anne"
session.commit()
print("second connection:", sqlite3.connect("app.db").execute("SELECT id, owner FROM accounts").fetchall())
