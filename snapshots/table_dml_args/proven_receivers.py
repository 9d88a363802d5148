# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0).
from sqlalchemy import Column, Integer, MetaData, String, Table, table, column
from sqlalchemy.orm import declarative_base

metadata = MetaData()
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20)),
    Column("visits", Integer),
)
light = table("light", column("id"), column("name"))
Base = declarative_base()


class Account(Base):
    __tablename__ = "accounts"
    id = Column(Integer, primary_key=True)
    balance = Column(Integer)


add_user = users.insert().values({"name": "ann"})
add_users = users.insert().values([{"name": "bob"}, {"name": "cy"}])
add_inline = users.insert().values({"name": "dee"}).inline()
rename = users.update().where(users.c.id == 1).values({"name": "ann b"})
rename_keywords = users.update().where(users.c.id == 2).values({"name": "bo"})
count_visit = users.update().where(users.c.id == 1).values(visits=users.c.visits + 1)
remove = users.delete().where(users.c.id == 3)
remove_all = users.delete()
light_insert = light.insert().values({"id": 1, "name": "lamp"})
open_account = Account.__table__.insert().values({"id": 1, "balance": 0})
close_account = Account.__table__.delete().where(Account.__table__.c.id == 1)
from_metadata = metadata.tables["users"].update().where(metadata.tables["users"].c.id == 4).values({"visits": 0})
ordered = users.update().ordered_values((users.c.visits, 1), (users.c.name, "z"))
returning = users.delete().where(users.c.id == 5).returning(users.c.id)
prefixed = users.insert().values({"name": "eve"}).prefix_with("OR IGNORE")
limited = users.update().where(users.c.id > 5).values({"visits": 0}).with_dialect_options(mysql_limit=1)
