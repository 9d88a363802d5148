"""A 1.x program that binds its MetaData to the engine and executes statements "connectionless":
`sqla-upgrade run --dry-run examples/` passes the engine to each use, drops the bind, and runs each
implicit execution in a `with engine.begin()/connect()` block of its own."""

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select

engine = create_engine("sqlite:///bound_metadata_app.db")
metadata = MetaData(bind=engine)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
)


def add(name):
    users.insert().execute(name=name)  # 1.x committed it at once


def count():
    return select([func.count()]).select_from(users).execute().scalar()


def names():
    result = []
    for row in users.select().order_by(users.c.name).execute():
        result.append(row.name)
    return result


def main():
    metadata.drop_all()
    metadata.create_all()
    add("ada")
    add("bob")
    print(count(), names())


if __name__ == "__main__":
    main()
