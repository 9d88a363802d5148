from sqlalchemy import func, select

count = select(func.count(addresses.c.id)).where(addresses.c.user_id == users.c.id).scalar_subquery()
q2 = session.query(func.max(Order.total)).scalar_subquery()
