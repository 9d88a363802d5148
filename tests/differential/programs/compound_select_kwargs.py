# union()/union_all()/except_()/intersect() with legacy keyword arguments, over legacy selects.
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    except_,
    intersect,
    select,
    union,
    union_all,
)

metadata = MetaData()
staff = Table("staff", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
clients = Table("clients", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(staff.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "eve"}])
    conn.execute(clients.insert(), [{"id": 1, "name": "bob"}, {"id": 2, "name": "zed"}, {"id": 3, "name": "amy"}])

everyone = union(
    select([staff.c.name]),
    select([clients.c.name]),
    order_by="name",  # label of the first SELECT
    limit=4,
)
with_dupes = union_all(select([staff.c.name]), select([clients.c.name]), order_by=["name"], offset=1)
only_staff = except_(select([staff.c.name]), select([clients.c.name]), order_by="name")
both = intersect(select([staff.c.name]), select([clients.c.name]), limit=10)

with engine.connect() as conn:
    print("union:", [tuple(r) for r in conn.execute(everyone)])
    print("union all:", [tuple(r) for r in conn.execute(with_dupes)])
    print("except:", [tuple(r) for r in conn.execute(only_staff)])
    print("intersect:", [tuple(r) for r in conn.execute(both)])
