from sqlalchemy import update


def set_in_order(t, pairs):
    return update(t).ordered_values(*pairs)


def set_in_order_keyword(t, pairs):
    return update(t).ordered_values(*pairs)
