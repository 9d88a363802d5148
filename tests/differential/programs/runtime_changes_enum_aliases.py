# differential: silent
# Enum(PyEnum) whose members have aliases: 2.0 leaves the aliases out of the type's values, so a stored
# alias name no longer loads; omit_aliases=False keeps 1.x.
import enum
import sqlite3

from sqlalchemy import Column, Enum, Integer, MetaData, Table, create_engine, select


class Status(enum.Enum):
    active = "A"
    enabled = "A"
    disabled = "D"


metadata = MetaData()
accounts = Table("accounts", metadata, Column("id", Integer, primary_key=True), Column("status", Enum(Status)))
print("values:", accounts.c.status.type.enums)

engine = create_engine("sqlite:///app.db")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(accounts.insert(), [{"id": 1, "status": Status.active}, {"id": 2, "status": Status.disabled}])
db = sqlite3.connect("app.db")
db.execute("INSERT INTO accounts (id, status) VALUES (3, 'enabled')")
db.commit()
db.close()

with engine.connect() as conn:
    try:
        print("loaded:", [(r.id, r.status) for r in conn.execute(select(accounts).order_by(accounts.c.id))])
    except LookupError as e:
        print("cannot load:", type(e).__name__)

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, status FROM accounts ORDER BY id").fetchall())
