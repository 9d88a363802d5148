from sqlalchemy import func, select

count = select(func.count(addresses.c.id)).scalar_subquery()
