# correlate=False (and correlate=True) in a nested legacy select used as a scalar subquery.
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, func, select

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(30)))
posts = Table(
    "posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id")),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cid"}])
    conn.execute(posts.insert(), [{"id": 1, "user_id": 1}, {"id": 2, "user_id": 1}, {"id": 3, "user_id": 3}])

# Correlated: posts per user.
per_user = select([func.count(posts.c.id)], posts.c.user_id == users.c.id, correlate=True).scalar_subquery()
# Not correlated: `users` goes into the subquery's own FROM, so it counts matching (user, post) pairs overall.
overall = select([func.count(posts.c.id)], posts.c.user_id == users.c.id, correlate=False).scalar_subquery()

stmt = select(
    [users.c.name, per_user.label("mine"), overall.label("all_pairs")],
    order_by=[users.c.id],
)

with engine.connect() as conn:
    print([tuple(r) for r in conn.execute(stmt)])
