# Implicit execution of writes: each one autocommitted in 1.x; each becomes its own engine.begin() block.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine

engine = create_engine("sqlite:///app.db")
metadata = MetaData(bind=engine)
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)), Column("score", Integer))

metadata.create_all()
users.insert().execute(name="ada", score=1)
users.insert().execute({"name": "bob", "score": 2}, {"name": "cy", "score": 3})
users.insert().execute([{"name": "dee", "score": 4}])
users.update(users.c.name == "ada").execute(score=10)
users.update().where(users.c.name == "bob").values(score=20).execute()
users.delete().where(users.c.name == "cy").execute()


def rename(old, new):
    users.update().where(users.c.name == old).execute(name=new)
    n = users.delete().where(users.c.score < 0).execute().rowcount
    return n


print("deleted:", rename("dee", "dora"))
engine.dispose()

db = sqlite3.connect("app.db")
print("users:", db.execute("SELECT id, name, score FROM users ORDER BY id").fetchall())
