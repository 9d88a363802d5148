# The added names follow the module's import style; a multi-line chain keeps one link per line.
import select

import sqlalchemy as sa
from sqlalchemy import orm

users = sa.table("users", sa.column("id"))
addresses = sa.table("addresses", sa.column("user_id"))
chained = (
    sa.select(users.join(addresses, users.c.id == addresses.c.user_id))  # the join
    .set_label_style(sa.LABEL_STYLE_TABLENAME_PLUS_COL)
    .correlate(None)
    .subquery("ua")  # its alias
)
orm_join = sa.select(orm.join(User, Address, User.addresses)).set_label_style(sa.LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery()
multi_line_join = sa.select(users.join(
    addresses,
    users.c.id == addresses.c.user_id,
)).set_label_style(sa.LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery(
    "ua",
)


def rebound(extra):
    j = users.join(addresses)
    j = j.join(extra)
    return sa.select(j).set_label_style(sa.LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery("j")
