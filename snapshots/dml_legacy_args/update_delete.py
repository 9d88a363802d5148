# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0).
import sqlalchemy as sa

metadata = sa.MetaData()
t = sa.Table(
    "t",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("x", sa.Integer),
    sa.Column("y", sa.Integer, server_onupdate=sa.FetchedValue()),
)

cond = t.c.x > 1

set_x = sa.update(t).where(t.c.id == 1).values({"x": 2})
by_keyword = sa.update(t).where(t.c.id == 2).values({"x": 3})
where_only = sa.update(t).where(t.c.id == 3)
named_condition = sa.update(t).where(cond).values({"x": 4})
no_where = sa.update(t).values({"x": 5})
inline = sa.update(t).where(t.c.id == 4).values({"x": 6}).inline()
returning = sa.update(t).where(t.c.id == 5).values({"x": 7}).returning(t.c.id, t.c.x)
# 1.4's update() kept return_defaults as a flag and ignored the columns: .return_defaults() is faithful.
defaults = sa.update(t).where(t.c.id == 6).values({"x": 8}).return_defaults()
kwargs_values = sa.update(t).where(t.c.id == 7).values(x=9)

delete_one = sa.delete(t).where(t.c.id == 1)
delete_keyword = sa.delete(t).where(t.c.x == 3)
delete_returning = sa.delete(t).where(t.c.id == 2).returning(t.c.id)
delete_prefixed = sa.delete(t).where(t.c.id == 3).prefix_with("/* hint */")
delete_all = sa.delete(t)
