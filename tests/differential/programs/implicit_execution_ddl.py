# DDL(...).execute(bind=engine) and CreateTable(t).execute(bind=engine): removed in 2.0; 1.x autocommitted
# DDL, so each becomes an engine.begin() block.
import sqlite3

from sqlalchemy import DDL, Column, Integer, MetaData, String, Table, create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.schema import CreateTable


def migrate(engine: Engine):
    metadata = MetaData()
    tags = Table("tags", metadata, Column("id", Integer, primary_key=True), Column("label", String(20)))
    CreateTable(tags).execute(bind=engine)
    DDL("CREATE INDEX ix_tags_label ON tags (label)").execute(bind=engine)
    DDL("INSERT INTO tags (label) VALUES ('x')").execute(engine)


engine = create_engine("sqlite:///app.db")
migrate(engine)
engine.dispose()

db = sqlite3.connect("app.db")
print("indexes:", [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")])
print("tags:", db.execute("SELECT id, label FROM tags").fetchall())
