import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "query-get"


@pytest.mark.parametrize("fixture", fixture_files("query_get"), ids=lambda p: p.stem)
def test_query_get_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from sqlalchemy.orm import Session\n\n\ndef f(session: Session, User):\n    return session.get(User, 1)\n",
            id="already 2.0",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\nconfig = {'a': 1}\nvalue = config.get('a')\nother = {}.get('b', 2)\n",
            id="a dict's get",
        ),
        pytest.param(
            "import requests\nimport sqlalchemy as sa\n\nsession = requests.Session()\n"
            "r = session.get('https://example.com')\nq = session.query('x').get(1)\n",
            id="a requests session's get and a query method on it",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Repo:\n    query = None\n\n    @classmethod\n    def get(cls, pk):\n"
            "        return pk\n\n\nclass Model:\n    query = Repo\n\n\nfound = Model.query.get(1)\nalso = Repo.query\n",
            id="a non-SQLAlchemy class with a query attribute and a get()",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Store:\n    def query(self, model):\n        return {}\n\n\n"
            "store = Store()\nx = store.query(int).get(1)\n",
            id="a user's own class with query() returning a dict",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session\n\n\ndef f(session: Session, t):\n"
            "    return session.query(User, Address).get(1), session.query(User).get(1, 2)\n",
            id="several entities or keys: not a Query.get() that worked",
        ),
        pytest.param("s = 'session.query(User).get(1)'\n", id="inside a string"),
    ],
)
def test_query_get_noop(source):
    assert_noop(source, [ID])


def test_tuple_rebound_keeps_the_generator_in_parentheses():
    source = (
        "from sqlalchemy.orm import Session\n\ntuple = list\n\n\n"
        "def f(session: Session):\n    return session.query(User).get(k for k in 'ab')\n"
    )
    result = migrate(source, [ID], unsafe=True)
    assert "session.get(User, (k for k in 'ab'))" in result.output


def test_models_and_queries_in_separate_modules(tmp_path, monkeypatch):
    # The models live in app/models.py (declarative, imperative and Flask-SQLAlchemy ones); the queries in
    # app/views.py, which imports them: the project index proves each entity and finds the Flask db.
    from sqla_upgrade.codemod import RunOptions
    from sqla_upgrade.codemods import BY_ID
    from sqla_upgrade.files import Target
    from sqla_upgrade.runner import Job, run_project

    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "ext.py").write_text("from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n")
    (app / "db.py").write_text(
        "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import registry, scoped_session, sessionmaker\n\n"
        "engine = create_engine('sqlite://')\nSession = scoped_session(sessionmaker(bind=engine))\nmapper_registry = registry()\n"
    )
    (app / "models.py").write_text(
        "from sqlalchemy import Column, Integer, Table\nfrom sqlalchemy.orm import declarative_base\n\n"
        "from .db import mapper_registry\nfrom .ext import db\n\nBase = declarative_base()\n\n\n"
        "class User(Base):\n    __tablename__ = 'users'\n    id = Column(Integer, primary_key=True)\n\n\n"
        "class Account:\n    pass\n\n\nmapper_registry.map_imperatively(Account, Table('accounts', mapper_registry.metadata, Column('id', Integer, primary_key=True)))\n\n\n"
        "class Post(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n\n\n"
        "class NotMapped:\n    query = None\n"
    )
    views = app / "views.py"
    views.write_text(
        "from app import models\nfrom app.db import Session\nfrom app.ext import db\nfrom app.models import Account, NotMapped, Post\n\n\n"
        "def show(ident):\n"
        "    return Session.query(models.User).get(ident), Session.query(Account).get(ident), Post.query.get(ident), NotMapped.query.get(ident)\n"
    )
    nodb = app / "nodb.py"
    nodb.write_text("from app.models import Post\n\n\ndef show(ident):\n    return Post.query.get(ident)\n")
    monkeypatch.chdir(tmp_path)
    targets = [Target(str(p), str(p)) for p in sorted(tmp_path.rglob("*.py"))]
    outcome = run_project(targets, Job((BY_ID[ID],), RunOptions(), write=True), jobs=1)
    assert views.read_text().endswith(
        "    return Session.get(models.User, ident), Session.get(Account, ident), db.session.get(Post, ident), NotMapped.query.get(ident)\n"
    )
    assert nodb.read_text().endswith("    return Post.query.get(ident)\n")
    findings = [f for r in outcome.results for f in r.findings]
    assert [(f.path.endswith("nodb.py"), "no name db visible here refers to that SQLAlchemy() instance" in f.message) for f in findings] == [(True, True)]
