from sqlalchemy import MetaData, Table, Column, Integer, String, select, join, union

md = MetaData()
users = Table("users", md, Column("id", Integer), Column("name", String), Column("score", Integer))
orders = Table("orders", md, Column("id", Integer), Column("user_id", Integer))

# a module-level statement used as a FROM three ways: one subquery for all of them
good = select([users.c.id, users.c.name]).where(users.c.score > 20)
good_sq = good.subquery()
by_name = select([good_sq.c.name]).select_from(good_sq).where(good_sq.c.id < 5)
joined = orders.join(good_sq, orders.c.user_id == good_sq.c.id)
also = join(orders, good_sq, orders.c.user_id == good_sq.columns.id)
print(good)  # a plain use keeps the statement


def per_function(conn):
    recent = select(orders.c.user_id).where(orders.c.id > 100)
    recent_sq = recent.subquery()
    # the statement itself is executed; its subquery is selected from
    conn.execute(recent)
    return recent_sq.select().where(recent_sq.c.user_id > 3)


def one_three(conn):
    # 1.3: a Select in the columns of select([...]) was a FROM
    inner = select([users.c.id]).where(users.c.score > 1)
    inner_sq = inner.subquery()
    return conn.execute(select([inner_sq]))


both = union(select(users.c.id), select(orders.c.user_id))
both_sq = both.subquery()
ids = select(both_sq.c.id).order_by(both_sq.c.id)

# a fresh statement used once: the subquery is made in place
counted = select(orders).select_from(orders.join(select(users).where(users.c.score > 2).subquery(), orders.c.user_id == users.c.id))
