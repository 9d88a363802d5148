from sqlalchemy import exists

empty_columns = exists([], t.c.x == 5)
maybe_select = exists(stmt, t.c.x)
bound = exists([t.c.id], t.c.x == 5, bind=engine)
flag = exists([t.c.id], distinct=unique)


def having_rows(criterion=None):
    return exists([t.c.id], criterion)
