# Plain strings as SQL criteria: SQLAlchemy 1.2 turned them into text() (1.3 and later raise), so this program's
# "before" runs on 1.2. Covers .where()/.having() on legacy selects, Table.select(), and_(), and a bound parameter.
import sqlalchemy as sa
from sqlalchemy import Column, Integer, MetaData, String, Table, and_, create_engine, func, select

metadata = MetaData()
products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20)),
    Column("price", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(
        products.insert(),
        [{"id": i, "name": n, "price": p} for i, (n, p) in enumerate([("pen", 2), ("ink", 9), ("pad", 4), ("pen", 3)], 1)],
    )

cheap = select([products.c.name]).where("price < 5").order_by(products.c.id)
legacy_where = select([products.c.id], "price > 3", order_by=[products.c.id])
on_table = products.select().where("name = 'pen'").order_by(products.c.price)
combined = sa.select([products.c.name]).where(and_("price > 2", products.c.name != "ink"))
grouped = (
    select([products.c.name, func.count().label("n")])
    .group_by(products.c.name)
    .having("count(*) > 1")  # only repeated names
)
bound = select([products.c.id]).where("price >= :floor").order_by(products.c.id)

with engine.connect() as conn:
    print("cheap:", [tuple(r) for r in conn.execute(cheap)])
    print("legacy where:", [tuple(r) for r in conn.execute(legacy_where)])
    print("on table:", [tuple(r) for r in conn.execute(on_table)])
    print("combined:", sorted(tuple(r) for r in conn.execute(combined)))
    print("grouped:", [tuple(r) for r in conn.execute(grouped)])
    print("bound:", [tuple(r) for r in conn.execute(bound, {"floor": 4})])
