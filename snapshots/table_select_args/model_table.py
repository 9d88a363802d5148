from myapp.models import User

active = User.__table__.select().where(User.__table__.c.active == True).limit(10)
page = (
    User.__table__.select()
    .order_by(User.__table__.c.id)
    .offset(20)  # second page
)
