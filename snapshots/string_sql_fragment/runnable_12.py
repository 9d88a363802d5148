# Runs on SQLAlchemy 1.2 (before: strings coerced to text() with a warning; 1.3+ raise ArgumentError);
# its snapshot runs on 1.4 and 2.0 (after), printing the same SQL and parameters.
from sqlalchemy import text, and_, column, exists, or_, table

t = table("t", column("x"), column("y"))
for stmt in [
    t.select().where(text("x = :v")),
    t.select().where(and_(text("x = 5"), t.c.y == 1)),
    t.select().where(or_(text("x = 5"), text("y LIKE '10%'"))),
    t.select().where(t.c.x > 1).group_by(t.c.x).having(text("count(*) > 1")),
    t.update().where(text("x = 5")).values(y=1),
    t.delete().where(text("x = " "5")),
    t.select().where(exists().where(text("t.y = 2"))),
]:
    print(str(stmt).replace("\n", " "), sorted(stmt.compile().params))
