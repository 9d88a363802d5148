from sqlalchemy import update


def set_in_order(t, pairs):
    return update(t, preserve_parameter_order=True).values(pairs)


def set_in_order_keyword(t, pairs):
    return update(t, values=pairs, preserve_parameter_order=True)
