# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, and_, column, desc, func, select, table
from sqlalchemy.sql.elements import ClauseElement

users = table("users", column("id"), column("name"), column("age"))
orders = table("orders", column("id"), column("user_id"), column("amount"))
joined = users.join(orders, orders.c.user_id == users.c.id)

where_positional = select(users.c.id).where(users.c.age > 30)
where_keyword = select(users.c.id).where(and_(users.c.age > 30, users.c.name != "x"))
where_none = select(users.c.id)
from_list = select(func.count()).select_from(users)
from_single = select(users.c.name, orders.c.amount).select_from(joined)
from_call = select(users.c.name).select_from(users.join(orders, orders.c.user_id == users.c.id))
from_positional = select(func.count()).select_from(users, orders)
distinct_true = select(users.c.name).distinct()
distinct_false = select(users.c.name)
distinct_empty = select(users.c.name).distinct()
distinct_columns = select(users.c.name, users.c.age).distinct(users.c.name)
distinct_column = select(users.c.name, users.c.age).distinct(users.c.name)
grouped = (
    select(orders.c.user_id, func.sum(orders.c.amount))
    .group_by(orders.c.user_id)
    .having(func.sum(orders.c.amount) > 10)
)
grouped_list = select(orders.c.user_id, func.count()).group_by(orders.c.user_id).order_by(orders.c.user_id)
ordered_string = select(users.c.name.label("n")).order_by("n")
ordered_desc = select(users.c.name).order_by(desc(users.c.age)).limit(5).offset(10)
ordered_method = select(users.c.name).order_by(users.c.age.desc())
ordered_tuple = select(users.c.name).order_by(users.c.age, users.c.id)
labels = select(users.c.id, orders.c.id).where(users.c.id == orders.c.user_id).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
labels_off = select(users.c.id)
correlated = (
    select(users.c.name)
    .where(select(func.count(orders.c.id)).where(orders.c.user_id == users.c.id).correlate(None).as_scalar() > 1)
)
correlate_default = select(users.c.id)
hints = select(users.c.id).prefix_with("/*+ index(users) */").suffix_with("FOR SHARE")
limit_none = select(users.c.id)
all_positional = (
    select(users.c.name)
    .select_from(users)
    .where(users.c.age > 1)
    .group_by(users.c.name)
    .having(func.count() > 0)
    .order_by(users.c.name)
    .limit(3)
    .offset(1)
    .distinct()
    .correlate(None)
    .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
    .prefix_with("/*+ x */")
    .suffix_with("-- end")
)
continued = select(users.c.id).where(users.c.age > 1).where(users.c.id < 9).order_by(users.c.id)
in_where = select(users.c.name).where(users.c.id.in_(select(orders.c.user_id).where(orders.c.amount > 5)))


def by_age(minimum=18):
    condition = users.c.age >= minimum
    return select(users.c.name).where(condition).order_by(users.c.name)


by_age_stmt = by_age()

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
