# Engine.table_names()/has_table(), Inspector.from_engine(), Inspector(bind), Inspector.reflecttable() and
# Engine.transaction() and Connection.run_callable(): all gone from 2.0 (from_engine and Inspector(bind) only
# deprecated).
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select
from sqlalchemy.engine.reflection import Inspector

engine = create_engine("sqlite://")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
Table("orders", metadata, Column("id", Integer, primary_key=True), Column("user_id", Integer))

print("before create_all:", engine.table_names(), engine.has_table("users"))
metadata.create_all(engine)
print("after create_all:", engine.table_names(), engine.has_table("users"), engine.has_table("missing"))
print("schema main:", engine.table_names(schema="main"), engine.has_table("orders", schema="main"))

insp = Inspector.from_engine(engine)
print("columns:", [c["name"] for c in insp.get_columns("users")])
reflected = Table("users", MetaData())
insp.reflecttable(reflected, None)
print("reflected:", [c.name for c in reflected.columns], type(reflected.c.name.type).__name__)

legacy = Inspector(engine)
print("legacy inspector:", legacy.get_table_names())


def count(conn, table):
    return conn.execute(select(func.count()).select_from(table)).scalar()


with engine.begin() as conn:
    conn.execute(users.insert(), [{"name": "a"}, {"name": "b"}])
    print("rows:", conn.run_callable(count, users))



def add_users(conn, *names):
    conn.execute(users.insert(), [{"name": n} for n in names])
    return len(names)


def add_then_fail(conn, name):
    conn.execute(users.insert(), {"name": name})
    raise ValueError(name)


# transaction(): committed on success, rolled back on an exception
added = engine.transaction(add_users, "c", "d")
try:
    engine.transaction(add_then_fail, "e")
except ValueError as e:
    print("failed:", e)
with engine.connect() as conn:
    print("added:", added, [r.name for r in conn.execute(select(users.c.name).order_by(users.c.id))])

with engine.begin() as conn:
    conn.exec_driver_sql("DROP TABLE orders")
print("after drop:", engine.table_names(), engine.has_table("orders"))
