# String criteria on provable SQLAlchemy statements become text(); label references stay strings.
from sqlalchemy import text, and_, delete, exists, not_, or_, select, union, update

active = select(users).where(text("users.active = 1"))
counted = select(users.c.name).group_by(users.c.name).having(text("count(*) > 1")).order_by("name")
filtered = select(users).filter(text("id = :ident"))
changed = update(users).where(text("id = 5")).values(name="x")
removed = delete(users).where(text("id = 5"))
present = exists().where(text("users.id = addresses.user_id"))
compound = union(select(users.c.id), select(addresses.c.user_id)).subquery().select().where(text("id > 2"))
mixed = select(users).where(users.c.id > 1, text("name IS NOT NULL"))
conjunctions = select(users).where(and_(text("a = 1"), or_(text("b = 2"), users.c.id == 3)))
concatenated = select(users).where(text("a = 1 "
                                   "AND b = 2"))
formatted = select(users).where(text(f"id > {minimum}"))
bound_value = select(users).where(not_("x"))  # a string here is a bound value, not SQL
label_refs = select(users.c.name.label("n")).order_by("n").group_by("n")
raw_bytes = select(users).where(b"x = 1")  # bytes: never text()
