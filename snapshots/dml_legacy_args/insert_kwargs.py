# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): every statement is compared by the report's check.
from sqlalchemy import Column, Integer, MetaData, String, Table, insert

metadata = MetaData()
t = Table(
    "t",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("x", Integer),
    Column("name", String(20), server_default="anon"),
)

one_row = insert(t).values({"x": 1})
positional = insert(t).values({"x": 2})
tuple_row = insert(t).values((10, 3, "ten"))
many_rows = insert(t).values([{"x": 4}, {"x": 5}])
inline = insert(t).values({"x": 6}).inline()
returning = insert(t).values({"x": 7}).returning(t.c.id, t.c.name)
prefixed = insert(t).values({"x": 8}).prefix_with("OR IGNORE")
defaults = insert(t).values({"x": 9}).return_defaults()
default_cols = insert(t).values({"x": 10}).return_defaults(t.c.name)
everything = insert(t).values({"x": 11}).inline().returning(t.c.id).prefix_with("OR REPLACE")
all_positional = insert(t).values({"x": 12})
falsy_defaults = insert(t)
already_chained = insert(t).values({"x": 13}).returning(t.c.id)
