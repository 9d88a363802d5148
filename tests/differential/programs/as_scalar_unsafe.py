# .as_scalar() (needs --unsafe-fixes) in a legacy column list, with apply_labels.
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, func, select

metadata = MetaData()
authors = Table("authors", metadata, Column("id", Integer, primary_key=True), Column("name", String(30)))
books = Table(
    "books",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("author_id", ForeignKey("authors.id")),
    Column("pages", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(authors.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}])
    conn.execute(
        books.insert(),
        [{"id": 1, "author_id": 1, "pages": 100}, {"id": 2, "author_id": 1, "pages": 250}, {"id": 3, "author_id": 2, "pages": 80}],
    )

pages = select([func.sum(books.c.pages)], books.c.author_id == authors.c.id).as_scalar()
stmt = select([authors.c.name, pages.label("pages")], order_by=[authors.c.id]).apply_labels()

with engine.connect() as conn:
    result = conn.execute(stmt)
    print(list(result.keys()))
    print([tuple(r) for r in result])
    longest = select([func.max(books.c.pages)]).as_scalar()
    print(conn.execute(select([books.c.id], books.c.pages == longest)).scalar())
