import sqlalchemy as sa


def closed(accounts, ordering):
    first = accounts.select(whereclause=accounts.c.closed == True)
    second = accounts.select(accounts.c.closed == False, order_by=accounts.c.id)
    third = self.table.select(use_labels=True)
    return first, second, third
