# SQLAlchemy 1.3's case(whens, value=None, else_=None) called positionally: runs on 1.3 (before) and
# its snapshot on 1.4/2.0 (after), printing the same SQL.
from sqlalchemy import case, column

k = column("k")
x = column("x")
exprs = [
    case((1, "one"), (2, "two"), value=k, else_="many"),
    case({1: "one", 2: "two"}, value=k, else_="many"),
    case((x == 1, "one"), value=None, else_="other"),
    case((1, "one"), value=k),
    case((x == 1, "one"), (x == 2, "two"), else_="many"),
]
for e in exprs:
    print(str(e))
