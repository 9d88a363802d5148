# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0).
from sqlalchemy import Column, Integer, MetaData, Table, update

metadata = MetaData()
t = Table("t", metadata, Column("id", Integer, primary_key=True), Column("x", Integer))

limited = update(t).where(t.c.x > 1).values({"x": 0}).with_dialect_options(mysql_limit=10)
two_dialects = update(t).values({"x": 1}).with_dialect_options(mysql_limit=5, mariadb_limit=5)
