from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

engine = create_engine("sqlite:///app.db")


def check(users):
    with engine.connect() as conn:
        row = conn.execute(select(users)).first()
        print("name" in row._mapping, "x" not in row._mapping)
        if "id" in row._mapping and users.c.id in row._mapping:
            pass
    with Session(engine) as session:
        srow = session.execute(select(users)).first()
        print("name" in srow)
