# Line breaks and comments inside the column list are kept.
from sqlalchemy import select

stmt = select(users)
stmt = stmt.with_only_columns(
    users.c.id,  # the key
    users.c.name,
)
stmt = stmt.with_only_columns(users.c.id,
                              users.c.name)
stmt = (
    select(users)
    .with_only_columns(
        users.c.id,
        # and the name
        users.c.name,
    )
    .where(users.c.id > 5)
)
