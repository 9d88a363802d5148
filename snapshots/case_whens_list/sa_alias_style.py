import sqlalchemy as sa
import sqlalchemy.sql.expression as expr

label = sa.case((users.c.active == 1, "active"), else_="inactive")
deep = sa.sql.expression.case((users.c.id > 5, "big"), else_="small")
via_module = expr.case((users.c.id > 5, "big"))
