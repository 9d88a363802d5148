# differential: silent
# dict(row) raises on 2.0, unless every value is a two-item sequence (two-letter codes): then it silently
# builds {first letter: second letter}. dict(row._mapping) keeps the column names.
import sqlite3

from sqlalchemy import Column, MetaData, String, Table, create_engine, select

engine = create_engine("sqlite:///app.db")
metadata = MetaData()
countries = Table("countries", metadata, Column("iso", String(2), primary_key=True), Column("lang", String(2)))
metadata.create_all(engine)

with engine.begin() as conn:
    conn.execute(countries.insert(), [{"iso": "fr", "lang": "fr"}, {"iso": "de", "lang": "de"}, {"iso": "at", "lang": "de"}])

with engine.connect() as conn:
    settings = [dict(row) for row in conn.execute(select(countries).order_by(countries.c.iso))]
print("settings:", settings)

with engine.begin() as conn:
    for s in settings:
        conn.execute(countries.update().where(countries.c.iso == s.get("iso", "??")).values(lang=s.get("lang", "??").upper()))

print("second connection:", sqlite3.connect("app.db").execute("SELECT iso, lang FROM countries ORDER BY iso").fetchall())
