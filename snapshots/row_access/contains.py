from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

engine = create_engine("sqlite:///app.db")


def check(users):
    with engine.connect() as conn:
        row = conn.execute(select(users)).first()
        print("name" in row, "x" not in row)
        if "id" in row and users.c.id in row:
            pass
    with Session(engine) as session:
        srow = session.execute(select(users)).first()
        print("name" in srow)
