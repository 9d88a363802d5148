from sqlalchemy import select

bound = select([t.c.id], t.c.x > 1, bind=engine)
splat_options = select([t.c.id], **options)
autocommitted = select([t.c.id], autocommit=True)
unknown = select([t.c.id], order=t.c.id)
twice = select([t.c.id], t.c.x > 1, whereclause=t.c.x > 2)
too_many = select([t.c.id], None, None, False, None, True, None, None, None)
as_set = select({t.c.id, t.c.x}, t.c.x > 1)
string_prefix = select([t.c.id], prefixes="DISTINCT")
flag_distinct = select([t.c.id], distinct=unique)
none_distinct = select([t.c.id], distinct=None)
flag_correlate = select([t.c.id], t.c.x == u.c.x, correlate=auto)
flag_labels = select([t.c.id], use_labels=labelled)
odd_lock = select([t.c.id], for_update="exclusive")
column_with_keywords = select(t.c.id, limit=5)
splat_with_keywords = select(*cols, limit=5)
rows = [t.c.id]
if wide:
    rows = rows + [t.c.x]
maybe_list = select(rows)


def filtered(criterion=None):
    return select([t.c.id], criterion)


def having_maybe(flag):
    condition = None
    if flag:
        condition = t.c.x > 1
    return select([t.c.x], group_by=t.c.x, having=condition)
