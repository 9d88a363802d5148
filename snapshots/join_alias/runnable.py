# Runs on SQLAlchemy 1.4 (before, with RemovedIn20Warnings); its snapshot runs on 2.0 (after): same SQL and
# same .c keys. Run on 2.0 unchanged, the before code prints invalid SQL and keys id, id, user_id.
from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, Column, ForeignKey, Integer, MetaData, String, Table, join, select

md = MetaData()
users = Table("users", md, Column("id", Integer, primary_key=True), Column("name", String))
addresses = Table("addresses", md, Column("id", Integer, primary_key=True), Column("user_id", ForeignKey("users.id")))
j = select(users.join(addresses)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery("j")
anon = select(join(users, addresses, users.c.id == addresses.c.user_id, isouter=True)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery()
print(str(select(j)))
print(list(j.c.keys()))
print(str(select(anon.c.users_name).where(anon.c.addresses_id > 1)))
print(list(anon.c.keys()))
# Used inside a query of the same tables: the subquery is not correlated to the enclosing SELECT.
print(str(select(users.c.id).where(users.c.id.in_(select(j.c.users_id)))))
