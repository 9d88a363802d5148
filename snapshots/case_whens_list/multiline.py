# Line breaks and comments inside the whens list are kept.
from sqlalchemy import case

own_line_bracket = case(
    (users.c.id == 1, "one"),  # first
    # the second one
    (users.c.id == 2, "two"),
    # no more
    else_="many",
)
hugging = case((users.c.id == 1, "one"),
               (users.c.id == 2, "two"),
               else_="many")


def f():
    open_bracket = case(
        (users.c.id == 1, "one"),
        (users.c.id == 2, "two"),
        else_="many")
    commented = case(  # the whens
        (users.c.id == 1, "one"),
        (users.c.id == 2, "two"),  # last
    )
    nested_lines = case(
        (
            users.c.id == 1,
            "one",
        ),
        value=None,
    )
    return open_bracket, commented, nested_lines
