import sqlalchemy as sa

engine = sa.create_engine("sqlite://")

with engine.connect() as conn:
    conn.execute(sa.text("SELECT 1"))
    conn.execute(sa.text("SELECT :a"), {"a": 1})
