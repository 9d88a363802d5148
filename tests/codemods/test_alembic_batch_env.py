import pytest

from sqla_upgrade.alembic_project import ini_names_sqlite, project_facts, python_names_sqlite
from tests.migrate import FIXTURES, ROOT, assert_noop, check_fixture, fixture_files, migrate

ID = "alembic-batch-env"
# Fixtures named *_in_project.py run as the env.py of a project whose alembic.ini names a SQLite URL.
PROJECT_ENV = "tests/fixtures/alembic_project/sqlite_ini/migrations/env.py"


def _mode(stem: str) -> str:
    for mode in ("always", "sqlite"):
        if stem.endswith(f"_{mode}"):
            return mode
    return "auto"


@pytest.mark.parametrize("fixture", fixture_files("alembic_batch_env"), ids=lambda p: p.stem)
def test_alembic_batch_env_fix(fixture, snapshot, monkeypatch):
    monkeypatch.chdir(ROOT)  # project paths are relative to the repository
    path = PROJECT_ENV if fixture.stem.endswith("_in_project") else None
    check_fixture(fixture, snapshot, ID, path=path, alembic_batch=_mode(fixture.stem))


ONLINE = (
    "from alembic import context\n"
    "\n"
    "\n"
    "def run_migrations_online(connection):\n"
    "    context.configure(connection=connection, target_metadata=None{extra})\n"
)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(ONLINE.format(extra=", render_as_batch=True"), id="already render_as_batch=True"),
        pytest.param(
            ONLINE.format(extra=', render_as_batch=connection.dialect.name == "sqlite"'),
            id="render_as_batch decided at run time",
        ),
        pytest.param(
            "from myapp import context\n\ncontext.configure(connection=connection)\n",
            id="a context that is not alembic's",
        ),
        pytest.param(
            "import logging.config\n\nlogging.config.dictConfig({})\nconfigure(url='sqlite://')\n",
            id="other configure functions",
        ),
        pytest.param(
            "from alembic import context\n\nconfig = context.config\nurl = config.get_main_option('sqlalchemy.url')\n",
            id="env.py helpers that do not configure",
        ),
    ],
)
def test_alembic_batch_env_noop(source):
    assert_noop(source, [ID])


def test_always_and_sqlite_modes_ignore_project_facts():
    source = ONLINE.format(extra="")
    always = migrate(source, [ID], alembic_batch="always")
    assert "target_metadata=None, render_as_batch=True)" in always.output
    sqlite = migrate(source, [ID], alembic_batch="sqlite")
    assert 'render_as_batch=connection.dialect.name == "sqlite")' in sqlite.output
    assert always.findings == sqlite.findings == []


def test_auto_without_a_sqlite_url_leaves_env_alone_and_is_no_finding():
    # The run says it once per Alembic project instead (tests/test_alembic_decision.py).
    source = ONLINE.format(extra="") + "\n\ndef offline():\n    context.configure(url=URL)\n"
    result = migrate(source, [ID], path="-")
    assert result.output == source
    assert result.findings == []


def test_auto_reads_alembic_ini_of_the_project(monkeypatch):
    monkeypatch.chdir(ROOT)
    source = ONLINE.format(extra="")
    result = migrate(source, [ID], path=PROJECT_ENV)
    assert "render_as_batch=True" in result.output and result.findings == []
    # The same env.py anywhere else (no alembic.ini around it) is only reported.
    assert migrate(source, [ID], path="elsewhere/env.py").output == source


def test_project_facts(monkeypatch):
    monkeypatch.chdir(ROOT)
    facts = project_facts(PROJECT_ENV)
    assert facts.names_sqlite and not facts.sqlite_foreign_keys
    assert [p.rsplit("/", 1)[-1] for p in facts.config_files] == ["alembic.ini"]
    fk = project_facts(str(FIXTURES / "alembic_project/fk_pragma/migrations/versions/0001_author.py"))
    assert fk.names_sqlite and fk.sqlite_foreign_keys
    assert project_facts("-").script_dir is None
    assert project_facts("no/such/env.py").script_dir is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sqlalchemy.url = sqlite:///%(here)s/app.db\n", True),
        ("sqlalchemy.url = sqlite+pysqlite://\n", True),
        ("# sqlalchemy.url = sqlite:///x.db\nsqlalchemy.url = postgresql://h/db\n", False),
        ("; sqlalchemy.url = sqlite:///x.db\n", False),
        ("sqlalchemy.url = driver://user:pass@localhost/dbname\n", False),
    ],
)
def test_ini_names_sqlite(text, expected):
    assert ini_names_sqlite(text) is expected


def test_python_names_sqlite_ignores_comments():
    assert python_names_sqlite('URL = "sqlite+aiosqlite:///app.db"\n')
    assert not python_names_sqlite("# URL = 'sqlite:///app.db'\nURL = os.environ['URL']\n")
