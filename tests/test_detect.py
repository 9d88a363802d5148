"""Detection before parsing selects extra files, never misses one: every fixture of every codemod, run
with detection (files without a site are not parsed, statements without one are not visited) and without
it (each triggered codemod gets the whole file), gives the same output and the same findings."""

from __future__ import annotations

import pytest

from sqla_upgrade.cli import enabled_codemods
from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.pipeline import process_bytes
from tests.migrate import FIXTURES

FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*.py") if "alembic_project" not in p.parts and "project" not in p.parts)


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_detection_never_misses_a_site(fixture):
    # unsafe fixes on: the most rewrites; a missed site would show as a difference either way
    options = RunOptions(unsafe_fixes=True)
    codemods = enabled_codemods(options)
    data = fixture.read_bytes()
    path = f"{fixture.parent.name}/{fixture.name}"
    detected = process_bytes(path, data, codemods, options)
    everything = process_bytes(path, data, codemods, options, detect=False)
    assert detected.error == everything.error
    assert detected.new_data == everything.new_data
    assert detected.findings == everything.findings


def _table_site_found(source: str) -> bool:
    """Whether the cheap pass finds a table-dml-args site in ``source`` (an imported receiver counts: it
    is decided against the index after the scan)."""
    from sqla_upgrade.codemods.table_dml_args import TableDmlArgs
    from sqla_upgrade.pipeline import scan_bytes

    scanned = scan_bytes("f.py", source.encode(), [TableDmlArgs], options=RunOptions())
    return bool(scanned.scan and (scanned.scan.method_sites or scanned.scan.imported_receivers))


@pytest.mark.parametrize(
    "source, detected",
    [
        pytest.param("import sqlalchemy\nd = {}\nd.update({'a': 1})\n", False, id="a dict's update"),
        pytest.param("import sqlalchemy\ndef f(data):\n    data.update(x=1)\n", False, id="an unannotated parameter"),
        pytest.param("import sqlalchemy\nclass A:\n    def f(self):\n        self.data.update(x=1)\n", False, id="self.data"),
        pytest.param("import sqlalchemy\ndef f(data):\n    data.update(whereclause=x)\n", True, id="a telling keyword"),
        pytest.param("from sqlalchemy import Table\nif x:\n    t = Table('t', md)\ndef f():\n    t.update(w)\n", True, id="bound in a module-level block"),
        pytest.param("import sqlalchemy\nd = {}\ndef f():\n    global d\n    d = make()\ndef g():\n    d.update(w)\n", True, id="global"),
        pytest.param("import sqlalchemy\nModel.__table__.update(w)\n", True, id="__table__"),
        pytest.param("import sqlalchemy\nfrom app import models\nmodels.users.update(w)\n", True, id="an imported module's attribute"),
    ],
)
def test_table_method_sites(source, detected):
    assert _table_site_found(source) == detected


@pytest.mark.parametrize(
    "annotation, detected",
    [
        pytest.param("dict", False, id="a dict annotation"),
        pytest.param("DataDict", False, id="a project type"),
        pytest.param("Table", True, id="Table"),
        pytest.param("'sa.Table'", True, id="a string annotation"),
        pytest.param("Optional[Table]", True, id="inside a subscript"),
    ],
)
def test_annotated_parameters_as_table_receivers(annotation, detected):
    assert _table_site_found(f"import sqlalchemy as sa\ndef f(data: {annotation}):\n    data.update(w)\n") == detected


@pytest.mark.parametrize(
    "binding, detected",
    [
        pytest.param("t = make_dict()", False, id="the result of a call that never gives a Table"),
        pytest.param("t = Table('t', md)", True, id="Table()"),
        pytest.param("t = users.alias('u')", True, id="an alias"),
        pytest.param("t = users.join(addresses)", True, id="a join"),
        pytest.param("t = md.tables['t']", True, id="MetaData.tables"),
        pytest.param("t = a if b else c", False, id="a conditional (inference gives up on it)"),
        pytest.param("t = other", True, id="another name"),
    ],
)
def test_assigned_values_as_table_receivers(binding, detected):
    assert _table_site_found(f"from sqlalchemy import Table\n{binding}\nt.update(w)\n") == detected


def test_an_imported_receiver_is_a_table_site_when_the_index_says_so(tmp_path, monkeypatch):
    from sqla_upgrade.codemods.table_dml_args import TableDmlArgs
    from sqla_upgrade.files import Target
    from sqla_upgrade.runner import Job, run_project

    pkg = tmp_path / "app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "tables.py").write_text("from sqlalchemy import MetaData, Table\nmd = MetaData()\nusers = Table('users', md)\n")
    (pkg / "use.py").write_text(
        "from app import tables\nfrom app.tables import users, md\n"
        "a = users.update(users.c.id == 1, {'x': 1})\n"
        "b = tables.users.delete(tables.users.c.id == 2)\n"
        "c = md.update({'x': 1})\n"  # a MetaData has no update(): not a site
    )
    monkeypatch.chdir(tmp_path)
    targets = [Target(str(p), str(p)) for p in sorted(pkg.glob("*.py"))]
    outcome = run_project(targets, Job((TableDmlArgs,), RunOptions(), write=False), jobs=1)
    use = next(r for r in outcome.results if r.display.endswith("use.py"))
    assert use.new is not None and b"users.update().where(users.c.id == 1).values({'x': 1})" in use.new
    assert b"tables.users.delete().where(tables.users.c.id == 2)" in use.new
    assert b"md.update({'x': 1})" in use.new
