from sqlalchemy import delete, insert, update

bound = insert(t, bind=engine).values({"x": 1})
bound_only = delete(t, bind=engine)
splatted = insert(t, **options)
starred = update(t, *args)
flag = insert(t, values={"x": 1}, inline=is_inline)
defaults_flag = insert(t, return_defaults=want_defaults)
both = insert(t, values={"x": 1}, returning=[t.c.id], return_defaults=True)
string_prefix = insert(t, values={"x": 1}, prefixes="OR IGNORE")
ordered_without_values = update(t, preserve_parameter_order=True)
ordered_dict = update(t, values={"x": 1}, preserve_parameter_order=True)
ordered_flag = update(t, values=[("x", 1)], preserve_parameter_order=keep_order)
no_such_argument = delete(t, values={"x": 1})
too_many = delete(t, t.c.id == 1, None, None, None, None)


def remove(t, condition=None):
    return delete(t, condition)


def change(t, values=None):
    return update(t, t.c.id == 1, values)


criterion = None
everything = delete(t, criterion)
