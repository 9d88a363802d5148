# What cannot be rewritten safely is reported.
from sqlalchemy import MetaData, Table, select

md = MetaData()
users = Table("users", md)
addresses = Table("addresses", md)

flat = users.join(addresses).alias(flat=True)
flat_positional = users.join(addresses).alias(None, True)
flat_variable = users.join(addresses).alias(flat=make_flat)


def f(left, right):
    maybe = left.join(addresses).alias("m")  # left may be a Table (reported) or a Select
    unknown = left.join(right).alias()  # nothing is known: unchanged
    of_select = select(users).join(addresses).alias()  # Select.alias() is still a subquery: unchanged
    query = session.query(User).join(Address).alias()  # not SQLAlchemy's Join: unchanged
    return maybe, unknown, of_select, query
