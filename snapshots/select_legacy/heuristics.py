from sqlalchemy import select


def by_criteria(criteria, froms, ordering, extra_prefixes, columns):
    a = select([t.c.id], criteria)
    b = select([t.c.id], whereclause=self.where)
    c = select([t.c.id], from_obj=froms)
    d = select([t.c.id], order_by=ordering, group_by=self.grouping)
    e = select([t.c.id], prefixes=extra_prefixes)
    f = select(columns, limit=1)
    g = select([t.c.id], build_where(t))
    return a, b, c, d, e, f, g
