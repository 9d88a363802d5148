import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "legacy-query-methods"


@pytest.mark.parametrize("fixture", fixture_files("legacy_query_methods"), ids=lambda p: p.stem)
def test_legacy_query_methods_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from sqlalchemy.orm import Session\n\n\ndef f(session: Session):\n"
            "    q = session.query(User).add_columns(User.name)\n    return list(q)[-1], q.with_entities(User.id).scalar()\n",
            id="already 2.0",
        ),
        pytest.param(
            "import pandas as pd\nimport sqlalchemy as sa\n\ndf = pd.DataFrame({'a': [1]})\n"
            "v = df.values\nw = df.values[-1]\nx = df['a'].value_counts()\ns = pd.Series([1])[-1:]\n",
            id="a pandas-like values and negative indexes",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\nd = {'a': 1}\nv = list(d.values())\nlast = [1, 2][-1]\nrows = [1, 2, 3][-2:]\n",
            id="a dict's values() and a list's negative index",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Form:\n    def value(self, name):\n        return name\n\n"
            "    def values(self, *names):\n        return names\n\n    def add_column(self, c):\n        return c\n\n\n"
            "form = Form()\nv = form.value('a'), form.values('a', 'b'), form.add_column('c'), form.from_self()\n",
            id="a user's own class with the same methods",
        ),
        pytest.param(
            "from sqlalchemy import select\n\nstmt = select(t).join(t2, t.c.id == t2.c.id)\nq = stmt.values\n",
            id="a Select's join is not Query.join",
        ),
        pytest.param(
            "from sqlalchemy import insert\n\nstmt = insert(t).values(a=1)\n", id="an Insert's values()"
        ),
        pytest.param(
            "from sqlalchemy.orm import Session\n\n\ndef f(session: Session, q):\n    return q[-1], q.values(a), q.value(b)\n",
            id="an unproven receiver",
        ),
    ],
)
def test_legacy_query_methods_noop(source):
    assert_noop(source, [ID])


def test_list_rebound_reports_the_negative_index():
    source = "from sqlalchemy.orm import Query\n\n\ndef f(q: Query, list):\n    return q[-1]\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert len(result.findings) == 1 and "list is rebound here" in result.findings[0]


def test_iter_rebound_keeps_a_values_call_that_needs_it():
    source = "from sqlalchemy.orm import Query\n\n\ndef f(q: Query, iter):\n    return q.values(A.x), [r for r in q.values(A.y)]\n"
    result = migrate(source, [ID])
    assert result.output == source.replace("[r for r in q.values(A.y)]", "[r for r in q.with_entities(A.y)]")
    assert len(result.findings) == 1 and "iter is rebound here" in result.findings[0]


def test_query_from_another_module_is_proven_by_the_index(tmp_path, monkeypatch):
    from sqla_upgrade.codemod import RunOptions
    from sqla_upgrade.codemods import BY_ID
    from sqla_upgrade.files import Target
    from sqla_upgrade.runner import Job, run_project

    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "db.py").write_text(
        "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\n"
        "Session = scoped_session(sessionmaker(bind=create_engine('sqlite://')))\n"
    )
    (app / "models.py").write_text(
        "from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n"
        "class User(Base):\n    __tablename__ = 'users'\n    id = Column(Integer, primary_key=True)\n"
    )
    report = app / "report.py"
    report.write_text(
        "from app import db\nfrom app.models import User\n\n\n"
        "def last():\n    return db.Session.query(User).order_by(User.id)[-1], db.Session.query(User).from_self()\n"
    )
    monkeypatch.chdir(tmp_path)
    targets = [Target(str(p), str(p)) for p in sorted(tmp_path.rglob("*.py"))]
    outcome = run_project(targets, Job((BY_ID[ID],), RunOptions(), write=True), jobs=1)
    assert report.read_text().endswith(
        "    return list(db.Session.query(User).order_by(User.id))[-1], db.Session.query(User).from_self()\n"
    )
    findings = [f.message for r in outcome.results for f in r.findings]
    assert len(findings) == 1 and findings[0].startswith("Query.from_self() is removed in 2.0")
