# Only receivers provably SQLAlchemy's are rewritten.
import pandas as pd
import sqlalchemy as sa
from sqlalchemy import MetaData, Table

users = Table("users", MetaData())
from_table = users.select().where(sa.text("id = 5"))
table_update = users.update().where(sa.text("id = 5"))
model_table = User.__table__.delete().where(sa.text("id = 5"))

stmt = sa.select(users)
stmt = stmt.where(sa.text("active = 1"))  # every assignment of stmt is a statement chain
stmt = stmt.order_by(users.c.id)


def f(query, df, session, soup):
    a = query.where("x = 5")  # unknown receiver: unchanged
    b = df.where("x > 0")  # pandas: unchanged
    c = session.query(User).filter("id = 5")  # Query: its session is not provable here
    d = soup.select("p").where("x")
    e = pd.read_sql(sa.select(users), conn).where("x > 0")
    g = stmt.where(sa.text("b = 2"))  # the module-level statement
    return a, b, c, d, e, g


other = sa.select(users)
other = other.compile()
other_where = other.where("x = 1")  # one assignment is not a statement: unchanged
