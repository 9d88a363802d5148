# distinct= (keyword and 4th positional), having (5th positional) and None placeholders in the legacy select().
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select

metadata = MetaData()
visits = Table(
    "visits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("page", String(20)),
    Column("day", Integer),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)

with engine.begin() as conn:
    conn.execute(
        visits.insert(),
        [
            {"id": i, "page": p, "day": d}
            for i, (p, d) in enumerate(
                [("home", 1), ("home", 1), ("about", 1), ("home", 2), ("shop", 2), ("shop", 2), ("shop", 3)], 1
            )
        ],
    )

with engine.connect() as conn:
    print("distinct kw:", sorted(tuple(r) for r in conn.execute(select([visits.c.page], distinct=True))))
    print("distinct False:", len(conn.execute(select([visits.c.page], distinct=False)).fetchall()))
    print(
        "distinct positional:",
        sorted(tuple(r) for r in conn.execute(select([visits.c.page, visits.c.day], None, None, True))),
    )
    print(
        "positional having:",
        sorted(
            tuple(r)
            for r in conn.execute(
                select(
                    [visits.c.page, func.count().label("n")],
                    visits.c.day < 3,
                    [visits],
                    False,
                    func.count() > 1,
                    group_by=[visits.c.page],
                )
            )
        ),
    )
