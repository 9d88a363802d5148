# Join.alias() on provable joins becomes the labelled, uncorrelated subquery 1.4 built.
from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, select, Column, ForeignKey, Integer, MetaData, Table, join, outerjoin

md = MetaData()
users = Table("users", md, Column("id", Integer, primary_key=True))
addresses = Table("addresses", md, Column("id", Integer), Column("user_id", ForeignKey("users.id")))

named = select(users.join(addresses)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery("ua")
anonymous = select(users.outerjoin(addresses, users.c.id == addresses.c.user_id)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery()
keyword = select(join(users, addresses)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery(name="ua")
not_flat = select(users.join(addresses)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery("ua")
function_outer = select(outerjoin(users, addresses)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery()
parenthesised = select(users.join(addresses)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery("p")
of_alias = select(users.alias("u").join(addresses)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery()
three_way = select(users.join(addresses).join(md.tables["orders"])).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery("three")
model_tables = select(User.__table__.join(Address.__table__)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery("m")
j = users.join(addresses)
through_name = select(j).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery("via_name")
table_alias = users.alias("plain")  # a Table's alias: unchanged
