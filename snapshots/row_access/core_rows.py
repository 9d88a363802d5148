from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
NAME = "name"


def report():
    with engine.connect() as conn:
        # loop targets over a Result
        for row in conn.execute(select(users)):
            print(row._mapping["name"], row._mapping[users.c.name], row._mapping[NAME], row._mapping["na" "me"])
            print(row._mapping.keys(), row._mapping.items(), row._mapping.values(), dict(row._mapping), dict(row._mapping, extra=1))
            # valid 2.0: integer indexes, slices, attributes
            print(row[0], row[-1], row[0:1], row.name, row[1 + 0])
        # fetched one at a time, or as a list
        first = conn.execute(text("SELECT id, name FROM users")).first()
        print(first._mapping["id"], list(iter(first._mapping)), list(iter(first._mapping.values())))
        rows = conn.execute(select(users)).fetchall()
        print(rows[0]._mapping["name"], [r._mapping["name"] for r in rows], [r[0] for r in rows[1:]])
        print({k: v for k, v in conn.execute(select(users)).one()._mapping.items()})
        for i in range(2):
            print(rows[i][i])
        print(conn.execute(select(users)).fetchone()._mapping["name"])


with engine.begin() as conn:
    result = conn.execute(select(users))
    for row in result:
        print(row._mapping["id"])
    one = result.one_or_none()
    if one is not None:
        print(one._mapping[users.c.id])
