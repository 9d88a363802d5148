# `import sqlalchemy as sa` style: every generative keyword of the legacy select(), in a multi-line call with comments.
import sqlalchemy as sa

metadata = sa.MetaData()
orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("customer", sa.String(20)),
    sa.Column("amount", sa.Integer),
)

engine = sa.create_engine("sqlite://")
metadata.create_all(engine)

rows = [
    ("ann", 10), ("ann", 20), ("bob", 5), ("bob", 7), ("bob", 9),
    ("cid", 100), ("dee", 1), ("eve", 50), ("eve", 60), ("fay", 3),
]
with engine.begin() as conn:
    conn.execute(orders.insert(), [{"id": i, "customer": c, "amount": a} for i, (c, a) in enumerate(rows, 1)])

totals = sa.select(
    [
        orders.c.customer,  # who
        sa.func.sum(orders.c.amount).label("total"),  # how much
    ],
    orders.c.amount > 2,  # small orders do not count
    group_by=orders.c.customer,
    having=sa.func.count(orders.c.id) >= 1,
    # biggest spenders first, then by name
    order_by=[sa.desc("total"), orders.c.customer],
    limit=3,
    offset=1,
)

page_two = sa.select([orders.c.id], order_by=orders.c.id, limit=4, offset=4)

with engine.connect() as conn:
    print("totals:", [tuple(r) for r in conn.execute(totals)])
    print("page two:", [tuple(r) for r in conn.execute(page_two)])
    print(
        "having only:",
        [
            tuple(r)
            for r in conn.execute(
                sa.select([orders.c.customer], group_by=[orders.c.customer], having=sa.func.count() > 1, order_by=[orders.c.customer])
            )
        ],
    )
