import sqlalchemy as sa


def closed(accounts, ordering):
    first = accounts.select().where(accounts.c.closed == True)
    second = accounts.select().where(accounts.c.closed == False).order_by(accounts.c.id)
    third = self.table.select().set_label_style(sa.LABEL_STYLE_TABLENAME_PLUS_COL)
    return first, second, third
