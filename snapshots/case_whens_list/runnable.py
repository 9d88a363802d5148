# Runs on SQLAlchemy 1.4 (before, with RemovedIn20Warnings); its snapshot runs on 2.0 (after): same output.
from sqlalchemy import Column, Integer, MetaData, String, Table, case, create_engine, select

md = MetaData()
t = Table("t", md, Column("x", Integer), Column("kind", String))
whens = [(t.c.x == 1, "one"), (t.c.x == 2, "two")]
exprs = [
    case((t.c.x == 1, "one"), (t.c.x == 2, "two"), else_="many"),
    case((t.c.x == 1, "one"), else_="other"),
    case(*whens, else_="many"),
    case(*whens, (t.c.x == 3, "three")),
    case({"a": 1, "b": 2}, value=t.c.kind, else_=0),
    case({"a": 1}, value=t.c.kind),
    case(*[(t.c.x == k, v) for k, v in {3: "three"}.items()], else_="?"),
    case(
        (t.c.x > 2, "big"),  # comment kept
        (t.c.x > 0, "small"),
        else_="zero",
    ),
]
engine = create_engine("sqlite://")
md.create_all(engine)
with engine.begin() as conn:
    conn.execute(t.insert(), [{"x": x, "kind": k} for x, k in [(0, "a"), (1, "b"), (2, "a"), (3, "c")]])
    for e in exprs:
        print(str(e).replace("\n", " "))
        print(conn.execute(select(t.c.x, e).order_by(t.c.x)).all())
