"""The analysis layer on a small multi-module package (tests/fixtures/project/app): the project index
(facts across modules), the one name resolver and receiver inference, and detection before parsing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Dict, List

import libcst as cst
import pytest

from sqla_upgrade.codemod import RunOptions, Safety, SqlaCodemod
from sqla_upgrade.codemods import CODEMODS
from sqla_upgrade.detect import Sites
from sqla_upgrade.files import Target
from sqla_upgrade.inference import Inference
from sqla_upgrade.kinds import Kind
from sqla_upgrade.runner import Job, run_project, scan_target
from sqla_upgrade.scopes import FileNames
from tests.migrate import FIXTURES

PROJECT = FIXTURES / "project"


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    return root


def _targets(root: Path) -> List[Target]:
    return [Target(str(p), str(p)) for p in sorted(root.rglob("*.py"))]


def _run(root: Path, write: bool = False):
    job = Job(tuple(CODEMODS), RunOptions(), write=write)
    return run_project(_targets(root), job, jobs=1)


def test_facts_and_canonical_names(project, monkeypatch):
    monkeypatch.chdir(project)
    # the index after the run holds the rewritten files' facts: without bound-metadata, which drops the bind
    job = Job(tuple(c for c in CODEMODS if c.ID != "bound-metadata"), RunOptions(), write=False)
    index = run_project(_targets(project), job, jobs=1).index
    assert set(index.modules) >= {"app", "app.db", "app.models", "app.queries", "app.plain"}
    # a re-export and an alias of a re-export are followed to the definition
    assert index.canonical("app.engine") == "app.db.engine"
    assert index.canonical("app.SessionFactory") == "app.db.Session"
    assert index.canonical("app.queries.reexported") == "app.db.engine"
    assert index.kind("app.engine") == Kind.ENGINE
    assert index.kind("app.db.Session") == Kind.SCOPED_SESSION
    assert index.kind("app.db.metadata") == Kind.METADATA
    assert index.fact("app.db.metadata").bind == "app.db.engine"  # which MetaData is bound, to what
    assert index.fact("app.db.unbound").bind is None
    assert index.kind("app.models.audit") == Kind.FROMCLAUSE
    assert index.fact("app.models.audit").metadata == "app.db.metadata"
    assert index.kind("app.models.User") == Kind.MAPPED_CLASS
    assert index.kind("app.models.NotMapped") == Kind.FOREIGN
    user = index.class_facts("app.models.User")
    assert user.relationships == {"addresses": "Address"} and user.columns == ["id", "name"]
    assert index.class_facts("app.models.Address").relationships == {"user": "app.models.User"}
    # a module-level alias of a SQLAlchemy name
    assert index.canonical("app.queries._select") == "sqlalchemy.sql.select"


def _resolver(root: Path, module: str, is_package: bool = False):
    """A parsed module of the package with names and inference over the package's index."""
    index = _run(root).index
    path = root / (module.replace(".", "/") + (".py" if not is_package else "/__init__.py"))
    tree = cst.parse_module(path.read_text())
    names = FileNames(module_name=module, is_package=is_package, index=index)
    names.enter_module(tree)
    return tree, names, Inference(names)


def _function(tree: cst.Module, name: str) -> cst.FunctionDef:
    return next(s for s in tree.body if isinstance(s, cst.FunctionDef) and s.name.value == name)


def _calls(node: cst.CSTNode) -> List[cst.Call]:
    found: List[cst.Call] = []

    class V(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            found.append(call)

    node.visit(V())
    return found


def test_names_through_aliases_relative_imports_and_shadowing(project, monkeypatch):
    monkeypatch.chdir(project)
    tree, names, inference = _resolver(project, "app.queries")

    count = _function(tree, "count_users")
    names.push(count)
    execute, select_call = _calls(count)[:2]
    assert names.qualified_names(select_call.func) == {"sqlalchemy.select"}  # `select as sel`
    assert inference.kind_of(execute.func.value) == Kind.ENGINE  # `from .db import engine as eng`
    names.pop()

    through = _function(tree, "through_module")
    names.push(through)
    connect = _calls(through)[0]
    assert inference.kind_of(connect.func.value) == Kind.ENGINE  # `from . import db as database`
    names.pop()

    shadowed = _function(tree, "shadowed")
    names.push(shadowed)
    execute, select_call = _calls(shadowed)[:2]
    assert names.qualified_names(select_call.func) == {"<local>"}, "a parameter named select is not ours"
    assert inference.kind_of(execute.func.value) == Kind.UNKNOWN, "a parameter named engine is unknown"
    names.pop()

    reexport = _function(tree, "via_reexport")
    names.push(reexport)
    assert inference.kind_of(_calls(reexport)[0].func.value) == Kind.ENGINE  # `from app import engine`
    names.pop()

    # module-level alias `_select = sa.sql.select`
    assert names.qualified_names(cst.Name("_select")) == {"sqlalchemy.sql.select"}


@pytest.mark.parametrize(
    "source, expression, kind",
    [
        pytest.param("from sqlalchemy import create_engine\ne = create_engine('sqlite://')\nconn = e.connect()\n", "conn", Kind.CONNECTION, id="engine.connect()"),
        pytest.param("from sqlalchemy import create_engine\ne = create_engine('sqlite://')\nr = e.connect().execute(q)\nrow = r.first()\n", "row", Kind.ROW, id="first() of a Result"),
        pytest.param("from sqlalchemy import select\nq = select(t)\nq = q.where(t.c.x > 1)\nq = q.order_by(t.c.x)\n", "q", Kind.SELECT, id="a reassigned Select"),
        pytest.param("from sqlalchemy import Table\nt = Table('t', md)\ns = t.alias().select()\n", "s", Kind.SELECT, id="Table.alias().select()"),
        pytest.param("from sqlalchemy.orm import sessionmaker\nSession = sessionmaker()\ns = Session()\nq = s.query(User).filter(x)\n", "q", Kind.QUERY, id="a Query from a sessionmaker's Session"),
        pytest.param("class ReportBuilder:\n    pass\nb = ReportBuilder()\n", "b", Kind.FOREIGN, id="instance of a user's class"),
        pytest.param("import sqlite3\nconn = sqlite3.connect(':memory:')\n", "conn", Kind.UNKNOWN, id="another library without an index"),
        pytest.param("row = {'id': 1}\n", "row", Kind.FOREIGN, id="a dict named row"),
        pytest.param("q = select(t)\n", "q", Kind.UNKNOWN, id="select not imported"),
        pytest.param("from sqlalchemy import select\nq = select(t) if a else None\n", "q", Kind.UNKNOWN, id="maybe None"),
    ],
)
def test_inference_in_one_module(source, expression, kind):
    tree = cst.parse_module(source)
    names = FileNames()
    names.enter_module(tree)
    assert Inference(names).kind_of(cst.parse_expression(expression)) == kind


def test_with_and_loop_targets_and_annotations():
    source = (
        "from sqlalchemy import create_engine, select\n"
        "from sqlalchemy.engine import Connection\n"
        "engine = create_engine('sqlite://')\n"
        "def f(conn: Connection, other):\n"
        "    with engine.begin() as c2:\n"
        "        for row in c2.execute(select(t)):\n"
        "            pass\n"
        "    return conn, other, c2, row\n"
    )
    tree = cst.parse_module(source)
    names = FileNames()
    names.enter_module(tree)
    names.push(tree.body[3])
    inference = Inference(names)
    kinds = {n: inference.kind_of(cst.Name(n)) for n in ("conn", "other", "c2", "row")}
    assert kinds == {"conn": Kind.CONNECTION, "other": Kind.UNKNOWN, "c2": Kind.CONNECTION, "row": Kind.ROW}


class ReportsEngineExecute(SqlaCodemod):
    """A test codemod: reports `.execute()` on a proven Engine (what engine-execute will rewrite)."""

    ID = "reports-engine-execute"
    SUMMARY = "test"
    SAFETY = Safety.REPORT_ONLY
    ERROR_CODE = None
    TRIGGERS = (b"execute",)
    SITES = Sites(methods=frozenset({"execute"}))

    def leave_Call(self, original_node, updated_node):
        func = original_node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "execute" and self.kind_of(func.value) == Kind.ENGINE:
            self.report(original_node, "engine.execute()")
        return updated_node


def test_a_file_without_sqlalchemy_imports_is_a_candidate_through_the_index(project, monkeypatch):
    monkeypatch.chdir(project)
    job = Job((ReportsEngineExecute,), RunOptions(), write=False)
    plain = project / "app" / "plain.py"
    scanned = scan_target(Target(str(plain), str(plain)), job).scan
    assert not scanned.uses_sqla and "app.db.engine" in scanned.imported
    outcome = run_project(_targets(project), job, jobs=1)
    found = {(Path(f.path).name, f.line) for r in outcome.results for f in r.findings}
    # plain.py imports no SQLAlchemy name: the index makes it a candidate and proves `engine` an Engine;
    # in queries.py the parameter named engine is not the module's
    assert ("plain.py", 6) in found
    assert found == {("plain.py", 6), ("queries.py", 13), ("queries.py", 28)}


def test_the_index_after_a_run_holds_the_facts_of_the_rewritten_files(project, monkeypatch):
    monkeypatch.chdir(project)
    first = _run(project, write=True)
    assert any(r.changed for r in first.results), "the package has legacy selects to rewrite"
    again = _run(project)
    assert not any(r.changed for r in again.results), "second run changes nothing"

    def facts(index) -> Dict[str, object]:
        return {name: (m.imports, m.bindings, m.classes) for name, m in index.modules.items()}

    assert facts(first.index) == facts(again.index)


def test_a_global_assignment_in_a_function_is_a_module_binding():
    source = (
        "from sqlalchemy import Table\n"
        "cols = [t.c.a]\n"
        "def setup():\n"
        "    global cols, users\n"
        "    cols = None\n"
        "    users = Table('users', md)\n"
        "def use():\n"
        "    return cols, users\n"
    )
    tree = cst.parse_module(source)
    names = FileNames(has_global=True)
    names.enter_module(tree)
    names.push(tree.body[3])
    from sqla_upgrade.matchers import proven_sequence

    assert not proven_sequence(cst.Name("cols"), names), "cols may be None: setup() rebinds it"
    assert Inference(names).kind_of(cst.Name("users")) == Kind.FROMCLAUSE


def test_detection_in_the_package_misses_nothing(project, monkeypatch):
    """Files that reach SQLAlchemy only through project modules (`db.Session.query(...)`) or through
    structure (`md.tables[...]`) are detected: with detection and without it, the same output."""
    from sqla_upgrade.pipeline import process_bytes

    monkeypatch.chdir(project)
    index = _run(project).index
    options = RunOptions(unsafe_fixes=True)
    for path in sorted(project.rglob("*.py")):
        module = (index.modules.get(_module(project, path)) or None)
        key = (module.module, module.is_package) if module else None
        data = path.read_bytes()
        detected = process_bytes(str(path), data, tuple(CODEMODS), options, index=index, module=key)
        everything = process_bytes(str(path), data, tuple(CODEMODS), options, index=index, module=key, detect=False)
        assert (detected.new_data, detected.findings) == (everything.new_data, everything.findings), path.name
    through = (project / "app" / "through_module.py")
    result = process_bytes(str(through), through.read_bytes(), tuple(CODEMODS), options, index=index, module=("app.through_module", False))
    assert b'filter(text("active = 1"))' in result.new_data
    assert b'.tables["audit"].insert().values({"id": 1})' in result.new_data


def _module(root: Path, path: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)
