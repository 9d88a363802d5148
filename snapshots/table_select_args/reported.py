from sqlalchemy import Table

users = Table("users", metadata)


def find(criterion=None):
    return users.select(criterion)


bound = users.select(users.c.id == 1, bind=engine)
flag = users.select(distinct=unique)
extra = users.select(users.c.id == 1, **options)
