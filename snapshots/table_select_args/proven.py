# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, Column, ForeignKey, Integer, MetaData, String, Table, column, desc, table
from sqlalchemy.sql.elements import ClauseElement

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
pets = Table("pets", metadata, Column("id", Integer, primary_key=True), Column("owner_id", ForeignKey("users.id")))
light = table("light", column("a"), column("b"))

where_positional = users.select().where(users.c.id == 5)
where_keyword = users.select().where(users.c.name == "x").order_by(users.c.id)
ordered = users.select().order_by(desc(users.c.name)).limit(10).offset(20)
clause = light.select().where(light.c.a > 1).distinct()
aliased = users.alias("u").select().where(users.alias("u").c.id > 1)
u2 = users.alias("u2")
alias_name = u2.select().where(u2.c.id < 3).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
joined = (
    users.join(pets, pets.c.owner_id == users.c.id).select()
    .where(pets.c.id > 1)  # only some pets
    .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
)
from_metadata = metadata.tables["users"].select().where(metadata.tables["users"].c.id == 1)
grouped = light.select().group_by(light.c.a).having(light.c.a > 0)
dropped = light.select()

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
