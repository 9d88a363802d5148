# use_labels=True and .apply_labels(): the labelled column keys must stay users_id, addresses_email, ...
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
        [
            {"id": 10, "user_id": 1, "email": "ann@a"},
            {"id": 11, "user_id": 1, "email": "ann@b"},
            {"id": 12, "user_id": 2, "email": "bob@a"},
        ],
    )

labelled = select(
    [users.c.id, users.c.name, addresses.c.id, addresses.c.email],
    users.c.id == addresses.c.user_id,
    use_labels=True,
    order_by=[addresses.c.id],
)
not_labelled = select([users.c.name], use_labels=False, order_by=users.c.name)
applied = select([users, addresses], users.c.id == addresses.c.user_id).apply_labels()

with engine.connect() as conn:
    result = conn.execute(labelled)
    print("use_labels keys:", list(result.keys()))
    print("use_labels rows:", [tuple(r) for r in result])
    result = conn.execute(not_labelled)
    print("plain keys:", list(result.keys()))
    print("plain rows:", [tuple(r) for r in result])
    result = conn.execute(applied)
    print("apply_labels keys:", list(result.keys()))
    print("apply_labels rows:", sorted(tuple(r) for r in result))
    sub = applied.subquery()
    print("subquery keys:", list(sub.c.keys()))
