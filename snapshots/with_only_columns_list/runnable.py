# Runs on SQLAlchemy 1.4 (before, with RemovedIn20Warnings); its snapshot runs on 2.0 (after): same output,
# except the FROM order under maintain_column_froms=True, which 2.0 itself changed (the snapshot prints
# 1.4's order when run on 1.4).
from sqlalchemy import Column, Integer, MetaData, String, Table, select

md = MetaData()
users = Table("users", md, Column("id", Integer), Column("name", String), Column("email", String))
addresses = Table("addresses", md, Column("user_id", Integer), Column("street", String))
cols = [users.c.id, addresses.c.street]
stmt = select(users).where(users.c.id > 5)
for s in [
    stmt.with_only_columns(users.c.id, users.c.name),
    stmt.with_only_columns(*cols),
    stmt.with_only_columns(*cols, users.c.email),
    stmt.with_only_columns(*[c for c in users.c if c.name != "email"]),
    stmt.with_only_columns(addresses.c.street, maintain_column_froms=True),
    stmt.with_only_columns(
        users.c.name,  # comment kept
        users.c.id,
    ),
]:
    print(str(s).replace("\n", " "))
