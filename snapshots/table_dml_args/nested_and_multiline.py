from sqlalchemy import Column, Integer, MetaData, Table

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", Integer))


def run(conn):
    conn.execute(users.insert().values({"name": 1}))
    conn.execute(
        (
            users.update()
            .where(users.c.id == 1)  # only the first
            .values({"name": 2})
        )
    )
    stmt = (
        users.delete()
        .where(users.c.id == 2)
    )
    return stmt


only_dropped = users.insert(
    # the default
)
no_returning = (
    users.delete()
    .where(users.c.id == 3)  # none wanted
)
