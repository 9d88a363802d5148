# create_engine() and type keywords removed in 2.0 (TypeError): convert_unicode, encoding="utf8",
# case_sensitive=True, empty_in_strategy; String/Unicode/Enum(convert_unicode=True/False); URL().
import sqlite3

from sqlalchemy import Column, Enum, Integer, MetaData, String, Table, Unicode, UnicodeText, create_engine, select
from sqlalchemy.engine.url import URL

url = URL("sqlite", database="app.db")
print("url:", url)
print("pg url:", URL("postgresql", username="app", password="secret", host="db", port=5432, database="app").host)
engine = create_engine(url, convert_unicode=True, encoding="utf8", case_sensitive=True, empty_in_strategy="static")
metadata = MetaData()
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20, convert_unicode=True)),
    Column("title", Unicode(20, convert_unicode=True)),
    Column("bio", UnicodeText(convert_unicode=False)),
    Column("kind", Enum("a", "b", convert_unicode=True, name="kind")),
)
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(users.insert(), [{"name": "é", "title": "ü", "bio": "ß", "kind": "a"}])
    print("rows:", conn.execute(select(users.c.name, users.c.title, users.c.bio, users.c.kind)).fetchall())

print("second connection:", sqlite3.connect("app.db").execute("SELECT id, name, title, bio, kind FROM users").fetchall())
