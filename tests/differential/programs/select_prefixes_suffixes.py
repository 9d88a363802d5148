# prefixes= and suffixes= of the legacy select(), with from_obj given as a single join expression.
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, select

metadata = MetaData()
tags = Table("tags", metadata, Column("id", Integer, primary_key=True), Column("label", String(20)))
links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tag_id", ForeignKey("tags.id")),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(tags.insert(), [{"id": 1, "label": "red"}, {"id": 2, "label": "blue"}, {"id": 3, "label": "green"}])
    conn.execute(links.insert(), [{"id": i, "tag_id": t} for i, t in enumerate([1, 1, 2, 3, 3, 3], 1)])

used = select(
    [tags.c.label],
    prefixes=["DISTINCT"],  # SELECT DISTINCT
    from_obj=tags.join(links, links.c.tag_id == tags.c.id),
    order_by=[tags.c.label],
    suffixes=["LIMIT 2"],
)

with engine.connect() as conn:
    print([tuple(r) for r in conn.execute(used)])
