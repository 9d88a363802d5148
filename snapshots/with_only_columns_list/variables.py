# Names are splatted only when every assignment is a list/tuple display; other names are reported.
from sqlalchemy import column, select, table

users = table("users", column("id"), column("name"), column("email"))
cols = [users.c.id, users.c.name]
pair = (users.c.id, users.c.name)
stmt = select(users)

a = stmt.with_only_columns(*cols)
b = stmt.with_only_columns(*pair)
c = stmt.with_only_columns(*cols, users.c.email)
d = stmt.with_only_columns(users.c.email, *cols)


def narrow(stmt, columns, column):
    one = stmt.with_only_columns(column)  # one column or a list? reported
    attr = stmt.with_only_columns(self.columns)  # not a bare name: unchanged
    keyword = stmt.with_only_columns(columns=self.columns)  # the 1.3 keyword: reported
    return one, attr, keyword


class User:
    pass


subquery = users.select().where(users.c.id > 5).scalar_subquery()
entity = select(User).with_only_columns(User)  # a class: one entity, no finding
scalar = stmt.with_only_columns(subquery)  # a SQLAlchemy statement: no finding
