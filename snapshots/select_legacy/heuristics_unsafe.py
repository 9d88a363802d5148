from sqlalchemy import select


def by_criteria(criteria, froms, ordering, extra_prefixes, columns):
    a = select(t.c.id).where(criteria)
    b = select(t.c.id).where(self.where)
    c = select(t.c.id).select_from(froms)
    d = select(t.c.id).group_by(self.grouping).order_by(ordering)
    e = select(t.c.id).prefix_with(*extra_prefixes)
    f = select(*columns).limit(1)
    g = select(t.c.id).where(build_where(t))
    return a, b, c, d, e, f, g
