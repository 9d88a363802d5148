# SQL literals: 1.x's AUTOCOMMIT_REGEXP looked at the start only. A statement it did not commit that writes
# keeps engine.connect() (1.x rolled it back) and is reported.
import sqlalchemy as sa

engine = sa.create_engine("postgresql://scott@localhost/test")
CLEANUP = "DELETE FROM sessions WHERE expired"
REPORT = sa.text("SELECT * FROM report")

with engine.begin() as conn:
    conn.execute("  insert into log values (1)")
with engine.begin() as conn:
    conn.execute(CLEANUP)
with engine.connect() as conn:
    rows = conn.execute(REPORT).fetchall()
with engine.begin() as conn:
    conn.execute(f"DROP TABLE {'tmp'}")
with engine.connect() as conn:
    conn.execute("CALL refresh_stats()")
with engine.connect() as conn:
    conn.execute(sa.text("WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved"))
with engine.connect() as conn:
    conn.execute("TRUNCATE audit")
with engine.connect() as conn:
    conn.execute(sa.text("SELECT pg_advisory_unlock_all()"))
with engine.begin() as conn:
    conn.execute(sa.text("CALL p()").execution_options(autocommit=True))
with engine.begin() as conn:
    conn.execute(sa.select([sa.func.now()]).execution_options(autocommit=True))
