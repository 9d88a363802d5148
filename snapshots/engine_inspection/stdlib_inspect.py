# The stdlib's inspect owns the bare name here: SQLAlchemy's is spelled sqlalchemy.inspect.
import inspect

from sqlalchemy import create_engine
import sqlalchemy

engine = create_engine("sqlite://")
source = inspect.getsource(create_engine)
tables = sqlalchemy.inspect(engine).get_table_names()
insp = sqlalchemy.inspect(engine)


def local_shadow():
    # sqlalchemy.inspect is right here too, whatever the local name inspect is.
    inspect = print
    inspect(sqlalchemy.inspect(engine).get_table_names())
