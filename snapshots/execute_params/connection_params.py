from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))

with engine.begin() as conn:
    # keyword parameters → one dict
    conn.execute(users.insert(), {"name": "a"})
    conn.execute(users.insert(), {"id": 10, **{"name": "b"}})
    # several dicts → one list
    conn.execute(users.insert(), [{"name": "c"}, {"name": "d"}])
    # already 2.0
    conn.execute(users.insert(), {"name": "e"})
    conn.execute(users.insert(), [{"name": "f"}, {"name": "g"}])
    n = conn.scalar(select(users.c.id).where(users.c.name == text(":n")), {"n": "a"})
    # keyword parameters named like 2.0's own keywords: alone they are 2.0's, beside others 1.x's
    conn.execute(text("SELECT :execution_options, :x"), {"execution_options": 1, "x": 2})
    conn.execute(select(users), execution_options={"stream_results": True})


with engine.connect() as conn:
    rows = conn.execute(text("SELECT * FROM users WHERE name = :name"), {"name": "a"}).fetchall()
    conn.execute(
        users.insert(),
        {"name": "h", "id": 20},
    )
    conn.execute(
        users.insert(),
        [{"name": "i"}, {"name": "j"}],
    )
