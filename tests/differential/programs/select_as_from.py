# A Select used as a FROM clause (select_from, join, .c, .select()): 1.4 and 2.0 make one implicit subquery
# per Select object, with a deprecation warning; 2.1 raises. On 2.x the program turns SQLAlchemy's
# deprecation warnings into errors, so the original fails there and the migrated one must not warn.
import warnings

import sqlalchemy as sa
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select

if not sa.__version__.startswith("1."):
    warnings.simplefilter("error", sa.exc.SADeprecationWarning)

md = MetaData()
users = Table("users", md, Column("id", Integer, primary_key=True), Column("name", String), Column("score", Integer))
orders = Table("orders", md, Column("id", Integer, primary_key=True), Column("user_id", Integer), Column("total", Integer))

engine = create_engine("sqlite://")
md.create_all(engine)
with engine.begin() as conn:
    conn.execute(users.insert(), [{"id": i, "name": f"u{i}", "score": i * 10} for i in range(1, 6)])
    conn.execute(orders.insert(), [{"id": i, "user_id": 1 + i % 5, "total": i * 7} for i in range(1, 11)])

# one object used as a FROM several times: one subquery in 1.x, so one hoisted subquery after migration
good = select(users.c.id, users.c.name).where(users.c.score > 20)
by_name = select(good.c.name).select_from(good).where(good.c.id < 5).order_by(good.c.name)

# a join to a Select, and its columns in the ON clause
joined = select(orders.c.id, orders.c.total).select_from(orders.join(good, orders.c.user_id == good.c.id)).order_by(orders.c.id)

# a fresh statement used once
counted = (
    select(func.count())
    .select_from(select(orders.c.user_id).where(orders.c.total > 20).distinct())
)


def totals():
    per_user = select(orders.c.user_id, func.sum(orders.c.total).label("total")).group_by(orders.c.user_id)
    return per_user.select().order_by(per_user.c.user_id)


with engine.connect() as conn:
    print([tuple(r) for r in conn.execute(by_name)])
    print([tuple(r) for r in conn.execute(joined)])
    print(conn.execute(counted).scalar())
    print([tuple(r) for r in conn.execute(totals())])
