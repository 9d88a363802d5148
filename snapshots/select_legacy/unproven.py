# Calls the tool recognises as 1.x style but cannot prove: each is reported (as an unsafe fix where one
# form is right in the common case), never guessed. `select(param)` alone reads the same as 2.0's.
from sqlalchemy import select


def by_parameter(columns, where):
    everything = select(columns)  # also 2.0's select(table): left alone
    filtered = select(columns, where)  # also 2.0's select(table, column): left alone
    extended = select(columns + [users.c.id], users.c.active == True)
    return everything, filtered, extended


def from_attribute(self):
    return select(self.selected, users.c.id > 5)


if flag:
    mixed = [users.c.name]
else:
    mixed = users.c.id
mixed_order = select([users], order_by=mixed)

joined = None
if flag:
    joined = users.join(addresses)
maybe_from = select([users.c.id], from_obj=joined)


def guessed(order, froms=None):
    return select([users.c.id], order_by=order), select([users.c.id], from_obj=froms)
