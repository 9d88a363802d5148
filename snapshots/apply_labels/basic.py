from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, select

from myapp.tables import users

stmt = select(users).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
q = session.query(User).with_labels()  # Query.with_labels too
chained = (
    select(users)
    .where(users.c.id == 5)
    .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)  # keep this comment
)
