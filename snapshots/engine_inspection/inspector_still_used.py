from sqlalchemy import inspect, Table, create_engine
from sqlalchemy.engine.reflection import Inspector

engine = create_engine("sqlite://")


def load(insp: Inspector, table: Table):
    # An Inspector by its annotation: the import stays for it.
    insp.reflect_table(table, None)
    return insp.get_columns(table.name)


insp = inspect(engine)
factory = Inspector.from_engine  # not a call: stays
other = inspect(engine)  # an alias of from_engine is still from_engine
