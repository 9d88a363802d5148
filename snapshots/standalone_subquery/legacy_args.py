# Runs on SQLAlchemy 1.4 (the migrated snapshot on 2.0): prints the SQL of every statement.
from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, column, func, select, table
from sqlalchemy.sql.elements import ClauseElement

scores = table("scores", column("id"), column("player"), column("points"))

low = select(scores.c.id, scores.c.player).where(scores.c.points < 10).subquery("low")
keywords = select(scores.c.player).where(scores.c.points > 1).distinct().subquery("k")
totals = (
    select(scores.c.player, func.sum(scores.c.points).label("total"))
    # every player
    .group_by(scores.c.player)
    .having(func.sum(scores.c.points) > 5)
    .subquery("totals")  # per player
)
anonymous = select(scores.c.id).where(scores.c.points > 50).subquery()
cols = [scores.c.id, scores.c.points]
named = select(*cols).order_by(scores.c.points).limit(3).subquery("named")
labelled = select(scores.c.id).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).subquery("labelled")

outer = select([low.c.player], order_by=low.c.id)
from_totals = select([totals.c.player, totals.c.total])

for name, value in list(globals().items()):
    if isinstance(value, ClauseElement):
        print(f"{name}: {value}")
