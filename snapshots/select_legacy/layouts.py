from sqlalchemy import and_, select

w = t.c.x > 1

in_dict = {
    "k": (
        select(a)
        .where(w)
        .order_by(a, b)  # first
    ),
}
in_lambda = lambda: select(a).where(w).limit(1)
in_fstring = f"{select(a).where(w)}"
subscripted = select(a).where(w)[0]


class Queries:
    q = select(a).where(w).limit(3)

    def m(self):
        return [select(x).where(x > 1).limit(2) for x in y]


trailing_comma = select(a).where(w).limit(1)
comment_before_close = (
    select(a)
    .where(w)
    .offset(1)  # hanging comment
)
hanging_indent = select(a).where(w).limit(1)
own_line_list = (
    select(
        a
    )
    .where(w)
    .limit(1)
)
if True:
    if True:
        among_arguments = foo(bar, select(a).where(w).limit(1), baz)
nested_hanging = (
    select(a)
    .where(and_(
        b == 1,
        select(c).limit(1).as_scalar() > 2,
    ))
    .limit(1)
)
nested_aligned = (
    select(a)
    .where(and_(b == 1,
                select(c).limit(1).as_scalar() > 2))
    .limit(1)
)
