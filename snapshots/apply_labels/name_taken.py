from sqlalchemy import select
import sqlalchemy

LABEL_STYLE_TABLENAME_PLUS_COL = "mine"

stmt = select(users).set_label_style(sqlalchemy.LABEL_STYLE_TABLENAME_PLUS_COL)
