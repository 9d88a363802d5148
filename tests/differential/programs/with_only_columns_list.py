# Select.with_only_columns() given a list, after a legacy select(), and a multi-line list with a comment.
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select

metadata = MetaData()
books = Table(
    "books",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(30)),
    Column("year", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(
        books.insert(),
        [{"id": 1, "title": "dune", "year": 1965}, {"id": 2, "title": "emma", "year": 1815}, {"id": 3, "title": "ubik", "year": 1969}],
    )

base = select([books], books.c.year > 1900, order_by=books.c.id)
titles = base.with_only_columns([books.c.title])
pairs = base.with_only_columns(
    [
        books.c.year,  # year first
        books.c.title,
    ]
)
counted = select([books.c.id]).with_only_columns([func.count()]).select_from(books)

with engine.connect() as conn:
    print("titles:", [tuple(r) for r in conn.execute(titles)])
    print("pairs:", [tuple(r) for r in conn.execute(pairs)])
    print("count:", conn.execute(counted).scalar())
