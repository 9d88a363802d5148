"""A small SQLAlchemy 1.3/1.4-style program: `sqla-upgrade run --dry-run examples/` shows its migration."""

import sqlalchemy as sa
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    case,
    create_engine,
    delete,
    insert,
    select,
    union,
    update,
)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("active", Integer),
)
addresses = Table(
    "addresses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer),
    Column("email", String(100)),
)


def active_users():
    return select([users.c.id, users.c.name], users.c.active == 1,
                  order_by=[users.c.name],  # alphabetical
                  limit=10)


def address_count():
    count = (
        select([sa.func.count(addresses.c.id)])
        .where(addresses.c.user_id == users.c.id)
        .as_scalar()
    )
    return select([users.c.name, count.label("n")]).apply_labels()


def status_label():
    return select([users.c.name, case([(users.c.active == 1, "active")], else_="inactive")])


def main():
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(users, values={"id": 1, "name": "ada", "active": 1}))
        conn.execute(users.insert({"id": 2, "name": "bob", "active": 0}))
        conn.execute(update(users, users.c.id == 2, values={"active": 1}))
        conn.execute(delete(users, users.c.name == "nobody"))
        conn.execute(addresses.insert(), [{"user_id": 1, "email": "ada@example.com"}])
        print(conn.execute(active_users()).fetchall())
        print(conn.execute(status_label()).fetchall())
        both = union(select([users.c.name]), select([addresses.c.email]), order_by="name")
        print(conn.execute(both).fetchall())


if __name__ == "__main__":
    main()
