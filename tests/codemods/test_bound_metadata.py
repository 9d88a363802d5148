import shutil
from pathlib import Path

import pytest

from sqla_upgrade.binds import Binds, enabled_in
from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.codemods import CODEMODS
from sqla_upgrade.files import Target
from sqla_upgrade.runner import Job, run_project
from tests.migrate import FIXTURES, SNAPSHOTS, assert_noop, check_fixture, fixture_files, migrate

ID = "bound-metadata"
BOTH = ["bound-metadata", "implicit-execution"]


@pytest.mark.parametrize("fixture", fixture_files("bound_metadata"), ids=lambda p: p.stem)
def test_bound_metadata_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from sqlalchemy import MetaData, create_engine\n\nengine = create_engine('sqlite://')\n"
            "metadata = MetaData()\nmetadata.create_all(engine)\nmetadata.drop_all(bind=engine)\n",
            id="create_all(engine) already explicit",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Socket:\n    bind = None\n\n\ns = Socket()\ns.bind = ('0.0.0.0', 80)\n",
            id="a bind attribute on an unrelated class",
        ),
        pytest.param(
            "import sqlalchemy as sa\nimport os\n\nos.makedirs('x', exist_ok=True)\n\n\nclass Repo:\n"
            "    def create(self):\n        pass\n\n    def exists(self):\n        return True\n\n\n"
            "r = Repo()\nr.create()\nr.exists()\n",
            id="a user's own create() and exists()",
        ),
        pytest.param(
            "from sqlalchemy import MetaData, Table, Column, Integer, create_engine\n\n"
            "engine = create_engine('sqlite://')\nmetadata = MetaData()\n"
            "t = Table('t', metadata, Column('id', Integer))\nt.create(engine, checkfirst=True)\n",
            id="t.create(engine) already explicit",
        ),
        pytest.param(
            "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n\n"
            "engine = create_engine('sqlite://')\nSession = sessionmaker()\n",
            id="an unbound sessionmaker in a project with no bound MetaData",
        ),
        pytest.param("s = 'metadata.bind = engine; metadata.create_all()'\n", id="inside a string"),
    ],
)
def test_bound_metadata_noop(source):
    assert_noop(source, [ID])


def test_the_bind_site_waits_for_implicit_execution():
    # a use site of the bound MetaData that only implicit-execution rewrites keeps the bind while that
    # codemod is not enabled, and lets it go when it is
    source = (FIXTURES / "bound_metadata" / "kept.py").read_text().replace("\n\nclass Schema:\n    created = metadata.create_all()\n", "")
    source = source.replace("return users.select().execute()", "users.insert().execute(id=1)")
    alone = migrate(source, [ID])
    assert "MetaData(bind=engine)" in alone.output and any("implicit-execution is not enabled" in f for f in alone.findings)
    both = migrate(source, BOTH)
    assert "MetaData()" in both.output and "conn.execute(users.insert()" in both.output
    assert both.findings == []


def test_an_escaping_result_keeps_the_bind():
    source = (
        "from sqlalchemy import Column, Integer, MetaData, Table, create_engine\n\n"
        "engine = create_engine('sqlite://')\nmetadata = MetaData(bind=engine)\n"
        "users = Table('users', metadata, Column('id', Integer, primary_key=True))\n\n\n"
        "def rows():\n    return users.select().execute()\n"
    )
    result = migrate(source, BOTH)
    assert "MetaData(bind=engine)" in result.output
    assert any("bound-metadata" in f and ":9 (" in f for f in result.findings)
    assert any("implicit-execution" in f and "escapes" in f for f in result.findings)


def test_an_engine_defined_below_a_module_level_use_is_not_used():
    source = (
        "from sqlalchemy import MetaData, create_engine\nfrom sqlalchemy.orm import sessionmaker\n\n"
        "metadata = MetaData()\nSession = sessionmaker()\nengine = create_engine('sqlite://')\n"
        "metadata.bind = engine\n"
    )
    result = migrate(source, [ID])
    assert result.output == source
    assert any("defined below this line" in f for f in result.findings)


def test_the_url_form_is_never_silent():
    result = migrate("from sqlalchemy import MetaData\n\nmetadata = MetaData('sqlite:///app.db')\n", [ID])
    assert result.findings and "schema name" in result.findings[0]


# -- a multi-file project: engine and metadata in db.py, models and queries elsewhere -------------------

PROJECTS = FIXTURES / "binds" / "project"


def _run_project(root: Path, select, unsafe=False):
    options = RunOptions(select=tuple(select), unsafe_fixes=unsafe)
    codemods = tuple(c for c in CODEMODS if c.ID in select)
    targets = [Target(str(p.relative_to(root.parent)), str(p)) for p in sorted(root.rglob("*.py"))]
    return run_project(targets, Job(codemods, options, write=False), jobs=1)


def _index(root: Path):
    """The project index as a run builds it, before any rewrite."""
    from sqla_upgrade.index import ProjectIndex
    from sqla_upgrade.runner import scan_target

    job = Job(tuple(CODEMODS), RunOptions(), write=False)
    index = ProjectIndex()
    for p in sorted(root.rglob("*.py")):
        scanned = scan_target(Target(str(p), str(p)), job).scan
        if scanned is not None and scanned.facts is not None:
            index.add(scanned.facts)
    return index


def _rendered(outcome, root: Path) -> str:
    parts = []
    for r in outcome.results:
        name = Path(r.display).relative_to(root.parent).as_posix() if Path(r.display).is_absolute() else r.display
        if r.changed:
            parts.append(f"=== {name}\n{r.new.decode()}")
        for f in r.findings:
            parts.append(f"{name}:{f.line}:{f.col}: {f.rule_id} {f.message}")
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("package", ["clean", "cycle"])
def test_project(package, tmp_path, monkeypatch, snapshot):
    root = tmp_path / package
    shutil.copytree(PROJECTS / package, root)
    monkeypatch.chdir(tmp_path)
    outcome = _run_project(root, BOTH)
    snapshot.snapshot_dir = SNAPSHOTS / "bound_metadata"
    snapshot.assert_match(_rendered(outcome, root), f"project_{package}.txt")


def test_project_index_facts(tmp_path, monkeypatch):
    root = tmp_path / "cycle"
    shutil.copytree(PROJECTS / "cycle", root)
    monkeypatch.chdir(tmp_path)
    binds = Binds(_index(root))
    assert binds.metadata_of("app.models.User") == "app.db.metadata"
    assert binds.metadata_of("app.models.audit") == "app.db.metadata"
    engine = binds.engine_of("app.db.metadata")
    assert engine is not None and engine.dotted == "app.db.engine"
    assert binds.reaches("app.db", "app.signals")  # db imports signals at module level
    assert not binds.reaches("app.db", "app.queries")
    ok, blockers = binds.removable("app.db.metadata", enabled_in(RunOptions(select=tuple(BOTH))))
    assert not ok and any("signals.py" in b and "import cycle" in b for b in blockers)


def test_a_session_in_a_module_unrelated_to_the_bound_metadata_is_left_alone(tmp_path, monkeypatch):
    # a folder of programs (examples, a test suite) is one project to the tool: a Session in one never ran
    # on the MetaData another binds (found on SQLAlchemy 1.3's tree)
    root = tmp_path / "tree"
    (root / "examples").mkdir(parents=True)
    (root / "examples" / "__init__.py").write_text("")
    (root / "examples" / "demo.py").write_text(
        "from sqlalchemy import MetaData, create_engine\n\nengine = create_engine('sqlite://')\n"
        "metadata = MetaData(bind=engine)\nmetadata.create_all()\n"
    )
    (root / "examples" / "other.py").write_text(
        "from sqlalchemy.orm import Session\n\n\ndef f(e):\n    return Session(e)\n\n\ndef g():\n    return Session()\n"
    )
    monkeypatch.chdir(tmp_path)
    outcome = _run_project(root, BOTH)
    changed = {Path(r.display).name for r in outcome.results if r.changed}
    assert changed == {"demo.py"}


def test_an_engine_made_under_the_main_guard_is_not_imported(tmp_path, monkeypatch):
    root = tmp_path / "tree"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "db.py").write_text(
        "from sqlalchemy import MetaData, Table, Column, Integer, create_engine\n\nmetadata = MetaData()\n"
        "users = Table('users', metadata, Column('id', Integer))\n\n"
        "if __name__ == '__main__':\n    engine = create_engine('sqlite://')\n    metadata.bind = engine\n"
    )
    (root / "app" / "q.py").write_text("from app.db import users\n\n\ndef f():\n    users.create()\n")
    monkeypatch.chdir(tmp_path)
    outcome = _run_project(root, BOTH)
    assert not any(r.changed for r in outcome.results)
    assert any("__main__" in f.message for r in outcome.results for f in r.findings)


_HEAD = (
    "from sqlalchemy import Column, Integer, MetaData, Table, create_engine, func, select\n\n"
    "engine = create_engine('sqlite://')\nmetadata = MetaData(bind=engine)\n"
    "users = Table('users', metadata, Column('id', Integer, primary_key=True))\n\n\n"
)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("def f():\n    users.insert().execute(id=1)\n", id="expression statement"),
        pytest.param("def f():\n    n = users.select().execute().rowcount\n    return n\n", id="terminal attribute"),
        pytest.param("def f():\n    print(select([func.count(users.c.id)]).scalar())\n", id="consumed in place"),
        pytest.param("def f():\n    res = users.select().execute()\n    rows = res.fetchall()\n    return rows\n", id="shape 4 over a select"),
        pytest.param("def f():\n    res = users.insert().execute(id=1)\n    print(res.rowcount)\n", id="shape 4 over a write"),
        pytest.param("def f():\n    res = users.select().execute()\n    return res\n", id="a returned result"),
        pytest.param("def f():\n    for r in users.insert().execute():\n        pass\n", id="a loop over a write"),
        pytest.param("def f():\n    for r in users.select().execute():\n        print(r)\n", id="a loop over a select"),
        pytest.param("def f(x):\n    if x: users.delete().execute()\n", id="a one-line suite"),
        pytest.param("def f():\n    users.insert().execute(id=1); users.insert().execute(id=2)\n", id="two on one line"),
        pytest.param("class C:\n    n = select([func.count(users.c.id)]).scalar()\n", id="a class body"),
        pytest.param("def f():\n    g(lambda: users.select().execute().first())\n", id="inside a lambda"),
        pytest.param("def f(opts):\n    users.select().execution_options(**opts).execute()\n", id="execution options splatted"),
    ],
)
def test_the_bind_goes_only_when_every_implicit_execution_went(body):
    # the contract between the two codemods (binds.py): a dropped bind leaves no implicit execution behind
    result = migrate(_HEAD + body, BOTH)
    dropped = "metadata = MetaData()\n" in result.output
    left = any("implicit-execution" in f for f in result.findings)
    assert not (dropped and left), result.output + "\n".join(result.findings)
    assert dropped or any("MetaData(bind=engine) is removed" in f for f in result.findings)
