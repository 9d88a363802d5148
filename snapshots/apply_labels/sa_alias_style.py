import sqlalchemy as sa

stmt = sa.select(users).set_label_style(sa.LABEL_STYLE_TABLENAME_PLUS_COL)
