# The inspection helpers through `import sqlalchemy as sa`, next to the stdlib's inspect module (whose bare
# name SQLAlchemy's inspect must not take), on an engine given as an annotated parameter.
import inspect

import sqlalchemy as sa
from sqlalchemy.engine import Engine


def describe(engine: Engine, table):
    print("tables:", engine.table_names(), engine.has_table(table), engine.has_table(table, schema="main"))


engine = sa.create_engine("sqlite://")
metadata = sa.MetaData()
notes = sa.Table("notes", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("body", sa.Text))
describe(engine, "notes")
metadata.create_all(engine)
describe(engine, "notes")

with engine.connect() as conn:
    insp = sa.engine.reflection.Inspector.from_engine(conn)
    print("columns:", [c["name"] for c in insp.get_columns("notes")])
    copy = sa.Table("notes", sa.MetaData())
    insp.reflecttable(copy, ["body"])
    print("reflected:", list(copy.c.keys()))

print("stdlib inspect:", inspect.isfunction(describe), list(inspect.signature(describe).parameters))
