import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "engine-inspection"


@pytest.mark.parametrize("fixture", fixture_files("engine_inspection"), ids=lambda p: p.stem)
def test_engine_inspection_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from sqlalchemy import create_engine, inspect\n\nengine = create_engine('sqlite://')\n"
            "names = inspect(engine).get_table_names()\nfound = inspect(engine).has_table('t')\n",
            id="already 2.0",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Catalog:\n    def table_names(self):\n        return []\n\n"
            "    def has_table(self, name):\n        return False\n\n"
            "catalog = Catalog()\nnames = catalog.table_names()\nfound = catalog.has_table('t')\n",
            id="a user's own class with table_names and has_table",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\nschema = {'table_names': []}\nnames = schema.get('table_names')\n"
            "found = {'t': 1}.has_table('t')\n",
            id="a dict",
        ),
        pytest.param(
            "import redis\nimport sqlalchemy as sa\n\nr = redis.Redis()\n"
            "r.transaction(lambda pipe: pipe.incr('n'), 'n')\nkeys = r.keys()\n",
            id="a redis client's transaction() and keys()",
        ),
        pytest.param(
            "import sqlite_utils\nimport sqlalchemy as sa\n\ndb = sqlite_utils.Database('app.db')\n"
            "names = db.table_names()\nfound = db.has_table('t')\n",
            id="another library's database object with table_names()",
        ),
        pytest.param(
            "import inspect\n\nimport sqlalchemy as sa\n\nmembers = inspect.getmembers(sa)\n"
            "sig = inspect.signature(sa.create_engine)\n",
            id="the stdlib inspect module is not SQLAlchemy's inspect",
        ),
        pytest.param(
            "import inspect\n\nimport sqlalchemy as sa\n\nframe = inspect.currentframe()\n"
            "insp = inspect.getmodule(frame)\ninsp.reflecttable(t, None)\n",
            id="reflecttable on what the stdlib inspect returned",
        ),
        pytest.param(
            "from sqlalchemy import create_engine, inspect\n\ninsp = inspect(create_engine('sqlite://'))\n"
            "found = insp.has_table('t')\nnames = insp.get_table_names()\n",
            id="an Inspector's own has_table",
        ),
        pytest.param(
            "def exists(conn, name):\n    return conn.dialect.has_table(conn, name)\n",
            id="a dialect's has_table",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Inspector:\n    @classmethod\n    def from_engine(cls, e):\n"
            "        return cls()\n\ninsp = Inspector.from_engine(1)\nother = Inspector(2)\n",
            id="a user's own class named Inspector",
        ),
        pytest.param(
            "from django.db import transaction\n\nwith transaction.atomic():\n    pass\n",
            id="django's transaction module",
        ),
        pytest.param("s = 'engine.table_names()'\n", id="inside a string"),
    ],
)
def test_engine_inspection_noop(source):
    assert_noop(source, [ID])


def test_connection_table_names_is_not_a_migration():
    # 1.x Connections had neither table_names() nor has_table(): there is nothing to keep.
    source = (
        "from sqlalchemy import create_engine\n\nengine = create_engine('sqlite://')\n"
        "with engine.connect() as conn:\n    names = conn.table_names()\n"
    )
    result = migrate(source, [ID], unsafe=True)
    assert result.output == source
    assert result.findings == []


def test_run_callable_with_a_call_as_receiver_is_reported():
    # fn(engine.connect(), ...) would connect after evaluating fn: the order of evaluation changes.
    source = (
        "from sqlalchemy import create_engine\n\nengine = create_engine('sqlite://')\n"
        "n = engine.connect().run_callable(fn)\n"
    )
    result = migrate(source, [ID])
    assert result.output == source
    assert len(result.findings) == 1 and "call the function directly, `fn(engine.connect())`" in result.findings[0]


def test_engine_from_another_module_is_proven_by_the_index(tmp_path, monkeypatch):
    # report.py never imports SQLAlchemy itself: the index knows app.db.engine is an Engine.
    from sqla_upgrade.codemod import RunOptions
    from sqla_upgrade.codemods import BY_ID
    from sqla_upgrade.files import Target
    from sqla_upgrade.runner import Job, run_project

    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "db.py").write_text('from sqlalchemy import create_engine\n\nengine = create_engine("sqlite://")\n')
    report = app / "report.py"
    report.write_text("from app.db import engine\n\n\ndef tables():\n    return engine.table_names()\n")
    monkeypatch.chdir(tmp_path)
    targets = [Target(str(p), str(p)) for p in sorted(tmp_path.rglob("*.py"))]
    run_project(targets, Job((BY_ID[ID],), RunOptions(), write=True), jobs=1)
    assert report.read_text() == (
        "from app.db import engine\nfrom sqlalchemy import inspect\n\n\n"
        "def tables():\n    return inspect(engine).get_table_names()\n"
    )


def test_advice_names_a_connection_other_than_the_receiver():
    source = "import sqlalchemy as sa\n\n\ndef run(conn):\n    return conn.run_callable(work)\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert "on an Engine `with conn.connect() as c: result = work(c)`" in result.findings[0]
