# differential: finding contains INSERT
# A literal that 1.x did not autocommit (its regex only looks at the start) keeps engine.connect(): the same
# DBAPI calls as 1.x, whatever the driver then does with them. autocommit=True still commits.
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select, text

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))
metadata.create_all(engine)


def seen():
    db = sqlite3.connect("app.db")
    print("second connection:", db.execute("SELECT id, name FROM users ORDER BY id").fetchall())
    db.close()


engine.execute(text("WITH v AS (SELECT 'w' AS name) INSERT INTO users (name) SELECT name FROM v"))
engine.execute(text("INSERT INTO users (name) VALUES ('x')").execution_options(autocommit=True))
engine.execute(text("REPLACE INTO users (id, name) VALUES (10, 'r')").execution_options(autocommit=True))
print(engine.execute(text("SELECT count(*) FROM users")).scalar())
seen()
