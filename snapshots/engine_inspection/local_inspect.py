from sqlalchemy import inspect, create_engine

engine = create_engine("sqlite://")
tables = inspect(engine).get_table_names()


def audit(inspect):
    # The parameter inspect would shadow SQLAlchemy's inspect: reported, not rewritten.
    return inspect(engine.table_names())
