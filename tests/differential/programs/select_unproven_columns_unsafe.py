# select(columns) / select(columns, where) with `columns` a parameter annotated as a list: --unsafe-fixes
# splats it (select(*columns).where(where)). (Unannotated, the call reads the same as 2.0's select(table):
# reported without a fix.)
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(50)))

engine = create_engine("sqlite://")
metadata.create_all(engine)

with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cid"}])


def fetch(conn, columns: list, where):
    return [tuple(r) for r in conn.execute(select(columns, where))]


def fetch_all(conn, columns: list):
    return sorted(tuple(r) for r in conn.execute(select(columns)))


def fetch_more(conn, columns: list):
    return sorted(tuple(r) for r in conn.execute(select(columns + [users.c.id], users.c.id > 1)))


with engine.connect() as conn:
    print("where:", fetch(conn, [users.c.name], users.c.id == 2))
    print("all:", fetch_all(conn, [users.c.id, users.c.name]))
    print("plus:", fetch_more(conn, [users.c.name]))
