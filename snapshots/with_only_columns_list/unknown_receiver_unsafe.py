# A receiver whose kind is not known here (a parameter): the rewrite is an unsafe fix.
import sqlalchemy as sa


def narrowed(stmt):
    return stmt.with_only_columns(users.c.id, users.c.name)
