from sqlalchemy import Column, Integer, MetaData, String, Table, select
from sqlalchemy.dialects import postgresql

metadata = MetaData()
docs = Table("docs", metadata, Column("id", Integer), Column("body", String), Column("tsv", postgresql.TSVECTOR))
query = select(docs).where(docs.c.body.match("cat & dog"))
other = re_match = "x".startswith("y")
