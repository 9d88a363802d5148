# The four shapes of catalogue §2c, at module level and in functions.
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))

# (1) a whole statement: a write commits, a read does not
with engine.begin() as conn:
    conn.execute(users.insert(), {"name": "a"})
with engine.begin() as conn:
    conn.execute(text("UPDATE users SET name = 'b' WHERE id = 1"))  # trailing comment stays
with engine.begin() as conn:
    conn.execute("DELETE FROM users WHERE id = 99")
with engine.connect() as conn:
    conn.execute(users.select())

# (2) consumed in the statement
with engine.connect() as conn:
    n = conn.execute(select([func.count()]).select_from(users)).scalar()
with engine.connect() as conn:
    rows = conn.execute(users.select()).fetchall()
with engine.connect() as conn:
    names = [r.name for r in conn.execute(users.select())]
with engine.connect() as conn:
    mapped = conn.execute(users.select()).mappings().all()
with engine.connect() as conn:
    every = list(conn.execute(users.select()))
with engine.begin() as conn:
    pk = conn.execute(users.insert(), {"name": "c"}).inserted_primary_key
with engine.begin() as conn:
    deleted = conn.execute(users.delete().where(users.c.id == 5)).rowcount
with engine.connect() as conn:
    total = conn.scalar(select([func.count()]).select_from(users))
with engine.connect() as conn:
    first = conn.execute(users.select(), {"id": 1}).scalar()

# (3) a for loop moves into the block
with engine.connect() as conn:
    for row in conn.execute(text("SELECT id, name FROM users")):
        print(row.name)
    else:
        print("done")

with engine.connect() as conn:
    for row in conn.execute(users.select()).fetchall():
        print(row.id)


# (4) bound to a name and used later in the same block
def report():
    with engine.connect() as conn:
        res = conn.execute(users.select().order_by(users.c.id))
        print(res.keys())
        for row in res:
            print(row)
    return len(rows)


def count_names(prefix):
    # the comment before stays before the block
    with engine.connect() as conn:
        res = conn.execute(
            select([users.c.name]).where(users.c.name.like(prefix + "%"))
        )
        found = res.fetchall()

    res = None
    return found


def add(name):
    with engine.begin() as conn:
        res = conn.execute(users.insert(), {"name": name})
        new_id = res.inserted_primary_key[0]
    return new_id


if n:
    with engine.begin() as conn:
        conn.execute(users.delete())

if n:
    with engine.begin() as conn:
        conn.execute(users.delete())
