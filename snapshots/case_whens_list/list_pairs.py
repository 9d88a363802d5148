# Pairs written as lists become tuples: 2.0 rejects a lone list argument, so `case([[c, "a"]])` must not
# become `case([c, "a"])`. Runs on 1.4 (before) and its snapshot on 2.0 (after), printing the same SQL
# (the reported call below is left as it was, so it still fails on 2.0 after the loop).
from sqlalchemy import case, column

x = column("x")
for expr in [
    case((x < 3, "lt3"), (x > 5, "gt5")),
    case((x < 3, "lt3"), else_="other"),
    case(*[(k, v) for k, v in [(x == 1, "one")]], else_="?"),
    case(
        (x < 3,  # comment kept
         "lt3"),
    ),
]:
    print(str(expr))

pair = (x == 1, "one")
single_name = case(pair, else_=0)  # a name bound to a pair: spliced
list_pairs = [[x == 1, "one"]]
splat_would_pass_a_list = case(list_pairs, else_=0)  # reported: case(*list_pairs) would fail on 2.0


def f(w):
    return case([w], else_=0)  # w may be a list: reported
