# Names are splatted only when every assignment proves a sequence of WHEN pairs.
from sqlalchemy import case

whens = [(users.c.id == 1, "one"), (users.c.id == 2, "two")]
pair = (users.c.id == 1, "one")
pairs_tuple = ((users.c.id == 1, "one"), (users.c.id == 2, "two"))
mapping = {"a": 1, "b": 2}

a = case(*whens, else_="many")
b = case(*whens, else_="many")
c = case(*whens, (users.c.id == 3, "three"), else_="many")
d = case(*pairs_tuple)
e = case(mapping, value=users.c.code, else_=0)
f = case(*whens, value=users.c.id)
single = case(pair, else_="other")  # one 2.0 WHEN pair: unchanged
from_dict = case(mapping, value=users.c.code)
comprehension = case(*[(users.c.id == k, v) for k, v in mapping.items()], else_="?")
generator = case(*((users.c.id == k, v) for k, v in mapping.items()), else_="?")


def build(conditions, kind):
    unknown = case(conditions, else_="x")  # a list or one pair? reported
    keyword = case(whens=conditions)  # reported
    with_value = case(conditions, value=kind)  # almost surely a dict: unchanged, no finding
    keyword_value = case(conditions, value=kind)  # dict or list: positional either way
    positional = case(conditions, kind, "z")  # 1.3 positional or two WHEN pairs? reported
    two_pairs = case(conditions, (kind == 1, "a"))  # 2.0 style: unchanged
    return unknown, keyword, with_value, keyword_value, positional, two_pairs


whens_rebound = [(users.c.id == 1, "one")]
whens_rebound = compute()
maybe = case(whens_rebound, else_="z")  # one assignment is not a display: reported
