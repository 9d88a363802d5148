from sqlalchemy import select, subquery

rewritten = select(t.c.id).where(t.c.x > 1).subquery("a")
reported = subquery("b", [t.c.id], t.c.x > 1, bind=engine)
