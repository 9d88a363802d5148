# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, and_, column, func, select, table
from sqlalchemy.sql.elements import ClauseElement

users = table("users", column("id"), column("name"), column("active"))
addresses = table("addresses", column("id"), column("user_id"), column("email"))

q = (
    select(users.c.id, users.c.name)
    .where(users.c.active == True)
    .order_by(users.c.name)
    .limit(10)
    .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
)

commented = (  # active users, by name
    select(
        users.c.id,  # primary key
        users.c.name,
    )
    # only the active ones
    .where(users.c.active == True)
    .order_by(users.c.name)  # alphabetical
    .limit(10)  # first page
)

aligned = (
    select(users.c.id,
           users.c.name)  # the columns
    .where(and_(users.c.active == True,
                users.c.id > 10))
    .limit(5)
)

hanging = (
    select(
        users.c.id,
        users.c.name,
    )
    .where(and_(
        users.c.active == True,
        users.c.id > 10,
    ))
)

wrapped = (
    select(users.c.id)
    .where(users.c.active == True)
    .limit(5)  # trailing
)

only_columns = select(
    users.c.id,
    users.c.name,  # still a column list
)

dropped_with_comment = select(
    users.c.id
    # never distinct
)

counts = (
    select(
        users.c.name,
        (
            select(func.count(addresses.c.id))
            .where(addresses.c.user_id == users.c.id)
            .as_scalar()
        ),
    )
    .order_by(users.c.name)
)

nested_where = (
    select(users.c.id)
    .where(users.c.id.in_((
        select(addresses.c.user_id)
        .where(addresses.c.email.like("%@x"))
        .distinct()
    )))
    .limit(3)
)


def page(offset):
    stmt = (
        select(users.c.id, users.c.name)
        .where(users.c.active == True)
        .order_by(users.c.id)
        .limit(20)
        .offset(offset)
    )
    if offset:
        stmt = stmt.where(
            users.c.id.in_(
                select(addresses.c.user_id).where(addresses.c.email != None)
            )
        )
    return stmt


first_page = page(0)
second_page = page(20)
statements = [
    select(users.c.id).where(users.c.active == False),
]

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
for value in statements:
    print(f"listed: {value}")
