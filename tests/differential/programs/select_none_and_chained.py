# Legacy select() keywords given None/False/[] (dropped), a legacy call continued with generative methods,
# and a legacy call split over lines with comments between the arguments.
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select

metadata = MetaData()
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10)),
    Column("size", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(
        events.insert(),
        [{"id": i, "kind": k, "size": s} for i, (k, s) in enumerate([("a", 3), ("b", 1), ("a", 2), ("c", 5), ("b", 4)], 1)],
    )

defaults = select(
    [events.c.id],
    whereclause=None,
    from_obj=None,
    order_by=None,
    group_by=[],
    having=None,
    limit=None,
    offset=None,
    distinct=False,
    correlate=True,
    use_labels=False,
)
continued = select([events.c.id, events.c.size], events.c.kind == "a").where(events.c.size > 2).order_by(events.c.id)
commented = select(  # the biggest two
    # columns
    [events.c.kind, events.c.size],
    # criterion
    events.c.size >= 2,
    order_by=[events.c.size.desc()],  # descending
    limit=2,  # only two
)

with engine.connect() as conn:
    print("defaults:", sorted(tuple(r) for r in conn.execute(defaults)))
    print("continued:", [tuple(r) for r in conn.execute(continued)])
    print("commented:", [tuple(r) for r in conn.execute(commented)])
