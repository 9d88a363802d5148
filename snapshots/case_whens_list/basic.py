# The 1.4 list and `whens=` forms; a dict with value= is already 2.0 and stays.
from sqlalchemy import case

label = case((users.c.active == 1, "active"), (users.c.active == 0, "inactive"), else_="unknown")
only = case((users.c.id > 5, "big"))
keyword_last = case((users.c.id > 5, "big"), else_="small")
by_value = case({"a": 1, "b": 2}, value=users.c.code, else_=0)
already_dict = case({"a": 1, "b": 2}, value=users.c.code)
already_20 = case((users.c.active == 1, "active"), else_="inactive")
tuple_of_pairs = case((users.c.id == 1, "one"), (users.c.id == 2, "two"), else_="many")
starred = case(*base_whens, (users.c.id == 0, "zero"))
nested = case((users.c.id == 1, case((users.c.x > 0, "a"), else_="b")), else_="c")
