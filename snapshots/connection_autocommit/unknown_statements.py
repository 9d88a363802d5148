# Statements whose type is not known: a commit is right after a write, harmless after a plain SELECT, wrong
# after a side-effecting statement 1.x rolled back: an unsafe fix.
from sqlalchemy import create_engine

engine = create_engine("sqlite:///app.db")


def run(sql, params):
    with engine.connect() as conn:
        conn.execute(sql, params)
        return conn.execute(sql).fetchall()
