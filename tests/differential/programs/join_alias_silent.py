# differential: silent
# Join.alias(): no error on 2.0, but different .c keys and invalid SQL. Only 1.4/2.0-valid forms elsewhere, so
# that the unmigrated program runs (and misbehaves) on 2.0.
import sys

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, select

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(30)))
addresses = Table(
    "addresses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id")),
    Column("email", String(50)),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}])
    conn.execute(
        addresses.insert(),
        [{"id": 10, "user_id": 1, "email": "ann@a"}, {"id": 11, "user_id": 2, "email": "bob@b"}],
    )

j = users.join(addresses).alias("j")
print("keys:", list(j.c.keys()))
sys.stdout.flush()

with engine.connect() as conn:
    print("rows:", sorted(tuple(r) for r in conn.execute(select(j))))
