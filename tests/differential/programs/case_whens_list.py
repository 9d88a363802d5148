# case() with a list of WHEN pairs, whens=, a dict with value= (valid as is), nested in legacy selects.
import sqlalchemy as sa
from sqlalchemy import Column, Integer, MetaData, String, Table, case, create_engine, select

metadata = MetaData()
grades = Table(
    "grades",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("student", String(20)),
    Column("mark", Integer),
    Column("code", String(1)),
)

engine = create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    conn.execute(
        grades.insert(),
        [
            {"id": i, "student": s, "mark": m, "code": c}
            for i, (s, m, c) in enumerate([("ann", 92, "a"), ("bob", 75, "b"), ("cid", 40, "c"), ("dee", 60, "x")], 1)
        ],
    )

band = case(
    [
        (grades.c.mark >= 90, "top"),  # distinction
        (grades.c.mark >= 60, "pass"),
    ],
    else_="fail",
)
keyword_whens = sa.case(whens=[(grades.c.mark > 70, 1)], else_=0)
by_code = case({"a": "alpha", "b": "beta"}, value=grades.c.code, else_="other")
no_else = case([(grades.c.code == "c", "see")])

with engine.connect() as conn:
    print(
        [
            tuple(r)
            for r in conn.execute(
                select(
                    [grades.c.student, band.label("band"), keyword_whens.label("hi"), by_code, no_else],
                    order_by=grades.c.id,
                )
            )
        ]
    )
    total = conn.execute(select([sa.func.sum(sa.case([(grades.c.mark < 50, 1)], else_=0))])).scalar()
    print("failing:", total)
