# select([t], "x = 5") as select-legacy leaves it: a 2.0 chain with a string criterion.
from sqlalchemy import text, select

q = (
    select(users.c.id, users.c.name)
    .where(text("users.active = 1"))  # from the whereclause argument
    .order_by(users.c.name)
    .limit(10)
)
r = select(users).where(text("x = 5")).having(text("count(*) > 1"))
