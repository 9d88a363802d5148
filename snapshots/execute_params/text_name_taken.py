from sqlalchemy import create_engine

engine = create_engine("sqlite://")


def log(text):
    with engine.connect() as conn:
        conn.execute("INSERT INTO log (line) VALUES (:line)", line=text)
        conn.execute("INSERT INTO log (line) VALUES (?)", text)
