# create_engine(strategy="mock", executor=f) → create_mock_engine(url, executor=f) (deprecated, still works
# on 2.0) beside URL(...) → URL.create(...) and String(convert_unicode=...) (both raise on 2.0).
import sqlite3

import sqlalchemy
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine
from sqlalchemy.engine.url import URL

statements = []


def dump(sql, *multiparams, **params):
    statements.append(str(sql.compile(dialect=mock.dialect)).split("(")[0].strip())


mock = create_engine(URL("postgresql"), strategy="mock", executor=dump)
mock2 = sqlalchemy.create_engine("sqlite://", strategy="mock", executor=dump)
metadata = MetaData()
Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20, convert_unicode=True)))
metadata.create_all(mock, checkfirst=False)
metadata.drop_all(mock2, checkfirst=False)
print("mock:", type(mock).__name__, statements)

engine = create_engine(URL("sqlite", database="app.db"))
metadata.create_all(engine)
with engine.begin() as conn:
    conn.exec_driver_sql("INSERT INTO users (name) VALUES ('a')")
print("second connection:", sqlite3.connect("app.db").execute("SELECT id, name FROM users").fetchall())
