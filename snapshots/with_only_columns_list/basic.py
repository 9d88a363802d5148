# A list (1.4) or tuple (1.3) of columns becomes positional arguments.
from sqlalchemy import select

stmt = select(users)
narrowed = stmt.with_only_columns(users.c.id, users.c.name)
from_tuple = stmt.with_only_columns(users.c.id, users.c.name)
one = stmt.with_only_columns(users.c.id)
none = stmt.with_only_columns()
keep_froms = stmt.with_only_columns(users.c.id, maintain_column_froms=True)
keyword_13 = stmt.with_only_columns(users.c.id, users.c.name)
comprehension = stmt.with_only_columns(*[c for c in users.c if c.name != "secret"])
chained = select(users).with_only_columns(users.c.id).where(users.c.id > 5)
already_20 = stmt.with_only_columns(users.c.id, users.c.name)
one_column = stmt.with_only_columns(users.c.id)
splatted = stmt.with_only_columns(*columns)
