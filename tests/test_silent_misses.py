"""No silent misses in the select family: a call the codemods recognise as 1.x style is rewritten or reported.

A legacy call that is neither rewritten nor reported fails at run time on 2.0 and the user was told nothing.
Every fixture under tests/fixtures/ is run through the select-family codemods; each recognised site must
then be gone from the output or have a finding on one of its lines. Recognised, with SQLAlchemy's callee
resolved by the tool's own name resolver (scopes.py) and receivers by its inference (inference.py):

* `select(...)` / `exists(...)` with a list, tuple, comprehension, generator or set first, with any
  keyword, or with a WHERE-like second argument (a comparison, `and_()`, `not x`, ...);
* `subquery(...)` with any argument (2.0 has no such function);
* `union(...)` & co. with any keyword;
* `.select(...)` with arguments on a receiver proven to be a FROM clause or an Exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from sqla_upgrade.inference import Inference
from sqla_upgrade.kinds import Kind
from sqla_upgrade.matchers import sqla_name_of
from sqla_upgrade.scopes import SCOPE_NODES, FileNames
from tests.codemods.test_select_legacy import LEGACY_SELECT_IDS
from tests.migrate import FIXTURES, migrate

FIXTURE_FILES = sorted(FIXTURES.rglob("*.py"))
_COMPOUNDS = ("union", "union_all", "intersect", "intersect_all", "except_", "except_all")
_LISTISH = (cst.List, cst.Tuple, cst.ListComp, cst.GeneratorExp, cst.Set, cst.SetComp)


def _where_like(names: FileNames, node: cst.BaseExpression) -> bool:
    if isinstance(node, (cst.Comparison, cst.BooleanOperation)):
        return True
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, (cst.Not, cst.BitInvert))
    if isinstance(node, cst.Call):
        return sqla_name_of(names.qualified_names(node.func), "and_", "or_", "not_", "exists", "text") is not None
    return False


class _Sites(cst.CSTVisitor):
    """The recognised calls of a module, as (first line, last line, source of the call)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, module: cst.Module) -> None:
        super().__init__()
        self.module = module
        self.names = FileNames(has_walrus=":=" in module.code)
        self.names.enter_module(module)
        self.inference = Inference(self.names)
        self.found: List[Tuple[int, int, str]] = []
        self._bodies = {}
        self._pushed = set()

    # the traversal's scope stack, as the pipeline keeps it (a def's scope starts at its body)
    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            self._bodies[id(node.body)] = node
        owner = self._bodies.pop(id(node), None)
        if owner is not None:
            self.names.push(owner)
            self._pushed.add(id(node))
        elif isinstance(node, SCOPE_NODES[3:]):
            self.names.push(node)
            self._pushed.add(id(node))
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        if id(original_node) in self._pushed:
            self._pushed.discard(id(original_node))
            self.names.pop()

    def visit_Call(self, node: cst.Call) -> None:
        if node.args and self._recognised(node):
            pos = self.get_metadata(PositionProvider, node)
            # the call's text as written (code_for_node loses the indentation of its continuation lines)
            lines = self.module.code.split("\n")[pos.start.line - 1 : pos.end.line]
            lines[-1] = lines[-1][: pos.end.column]
            lines[0] = lines[0][pos.start.column :]
            self.found.append((pos.start.line, pos.end.line, "\n".join(lines)))

    def _recognised(self, node: cst.Call) -> bool:
        args = node.args
        keywords = any(a.keyword is not None or a.star == "**" for a in args)
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "select":
            kind = self.inference.kind_of(func.value)
            return kind in (Kind.FROMCLAUSE, Kind.EXISTS)
        name = sqla_name_of(self.names.qualified_names(func), "select", "exists", "subquery", *_COMPOUNDS)
        if name == "subquery":
            return True
        if name in _COMPOUNDS:
            return keywords
        if name in ("select", "exists"):
            positional = [a for a in args if a.keyword is None and not a.star]
            if args[0].star and not keywords:
                return False
            return (
                keywords
                or bool(positional) and isinstance(positional[0].value, _LISTISH)
                or len(positional) >= 2 and _where_like(self.names, positional[1].value)
            )
        return False


def recognised_sites(source: str) -> List[Tuple[int, int, str]]:
    wrapper = MetadataWrapper(cst.parse_module(source))
    visitor = _Sites(wrapper.module)
    wrapper.visit(visitor)
    return visitor.found


def silent_sites(fixture: Path) -> List[str]:
    source = fixture.read_text(encoding="utf-8")
    sites = recognised_sites(source)
    if not sites:
        return []
    result = migrate(source, LEGACY_SELECT_IDS, path=f"{fixture.parent.name}/{fixture.name}")
    assert result.error is None, result.error
    # findings print as `path:line:col: id message`
    reported = {int(f.split(":")[1]) for f in result.findings}
    silent = []
    for first, last, code in sites:
        rewritten = result.output.count(code) < source.count(code)
        if not rewritten and not reported & set(range(first, last + 1)):
            silent.append(f"{fixture.parent.name}/{fixture.name}:{first}: {code}")
    return silent


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_recognised_site_is_silent(fixture):
    assert silent_sites(fixture) == []


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("from sqlalchemy import select\nq = select([t.c.id], t.c.x > 1)\n", id="rewritten"),
        pytest.param("from sqlalchemy import select\nq = select([t.c.id], bind=e)\n", id="reported"),
        pytest.param("from sqlalchemy import select\ndef f(c):\n    return select(c, t.c.x > 1)\n", id="unsafe fix"),
    ],
)
def test_a_handled_site_is_not_silent(source, tmp_path):
    path = tmp_path / "case.py"
    path.write_text(source, encoding="utf-8")
    assert len(recognised_sites(source)) == 1
    assert silent_sites(path) == []


def test_the_check_can_fail(tmp_path, monkeypatch):
    # a site the codemods leave alone without a word must be caught: run no codemod at all
    monkeypatch.setattr("tests.test_silent_misses.LEGACY_SELECT_IDS", ["apply-labels"])
    path = tmp_path / "case.py"
    path.write_text("from sqlalchemy import select\nq = select([t.c.id], t.c.x > 1)\n", encoding="utf-8")
    assert [s.split(": ", 1)[1] for s in silent_sites(path)] == ["select([t.c.id], t.c.x > 1)"]
