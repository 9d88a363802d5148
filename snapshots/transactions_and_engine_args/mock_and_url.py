import sqlalchemy
from sqlalchemy import create_engine
from sqlalchemy.engine import url as sa_url
from sqlalchemy.engine.url import URL


def dump(sql, *multiparams, **params):
    print(sql.compile(dialect=mock.dialect))


mock = sqlalchemy.create_mock_engine("postgresql://", executor=dump)
mock2 = sqlalchemy.create_mock_engine("postgresql://", executor=dump, echo=False)
url = URL.create("postgresql", username="app", password="secret", host="db", port=5432, database="app")
positional = URL.create("postgresql", "app", "secret", "db", 5432, "app")
dotted = sa_url.URL.create(drivername="sqlite", database="app.db")
already = URL.create("sqlite")
# reported
no_executor = create_engine("postgresql://", strategy="mock")
