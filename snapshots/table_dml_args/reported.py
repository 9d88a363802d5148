from sqlalchemy import Column, Integer, MetaData, Table

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True))

bound = users.insert(bind=engine).values({"id": 1})
splatted = users.update(**options)
flag = users.insert({"id": 2}, inline=is_inline)
no_such_argument = users.delete(values={"id": 1})


def remove(condition=None):
    return users.delete(condition)
