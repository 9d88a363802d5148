from sqlalchemy import select

inner_sq = "a name the module already uses"
inner = select(users.c.id)
inner_sq2 = inner.subquery()
stmt = select(inner_sq2.c.id).select_from(inner_sq2)
