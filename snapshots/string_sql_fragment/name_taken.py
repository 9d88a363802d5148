# `text` is already bound to something else: the added name is spelled sqlalchemy.text.
from sqlalchemy import select
import sqlalchemy


def text(s):
    return s.upper()


q = select(users).where(sqlalchemy.text("x = 5"))
