"""A codemod over the project's module-level classes, judged by the declarative hierarchy (declarative.py).

The classes are the ones the project index records (module level, also in if/try blocks); each is named
``module.Class`` as the index names it (``Class`` alone in a file with no module name, e.g. standard input,
whose own facts then stand in for the index's). A class name bound twice at module level is left alone: the
index knows only the last one.
"""

from __future__ import annotations

import ast
from collections import Counter
from typing import List, Optional

import libcst as cst

from sqla_upgrade.codemod import SqlaCodemod
from sqla_upgrade.declarative import Hierarchy, hierarchy_of
from sqla_upgrade.index import ImportTable, ModuleFacts, module_facts


def own_facts(text: str, path: str) -> Optional[ModuleFacts]:
    """The facts of a file with no module name (the index holds none for it)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    table = ImportTable("", False)
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            table.add_import(stmt)
        elif isinstance(stmt, (ast.If, ast.Try)):
            for inner in ast.walk(stmt):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    table.add_import(inner)
    return module_facts(tree, "", path, False, table)


def hierarchy_for_site(index, facts) -> Hierarchy:  # type: ignore[no-untyped-def]
    """The hierarchy a class-site predicate (detect.Sites.classes) asks."""
    return hierarchy_of(index, facts)


def qualified_class(facts, name: str) -> str:  # type: ignore[no-untyped-def]
    return f"{facts.module}.{name}" if facts is not None and facts.module else name


class ClassCodemod(SqlaCodemod):
    """Calls :meth:`module_class` for each module-level class of the file, with its index name."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._depth = 0  # classes and functions around the node being visited
        self._blocks = 0  # module-level if/try blocks around it
        self._hierarchy: Optional[Hierarchy] = None
        self._twice: set = set()

    @property
    def hierarchy(self) -> Hierarchy:
        if self._hierarchy is None:
            names = self.state.names
            module = getattr(names, "module_name", "") or ""
            index = getattr(names, "index", None)
            own = None if module else own_facts(self.state.source_text, self.state.path)
            self._hierarchy = hierarchy_of(index, own)
        return self._hierarchy

    def qualified(self, name: str) -> str:
        module = getattr(self.state.names, "module_name", "") or ""
        return f"{module}.{name}" if module else name

    def visit_Module(self, node: cst.Module) -> None:
        counts: Counter = Counter()

        def walk(stmts) -> None:  # type: ignore[no-untyped-def]
            for stmt in stmts:
                if isinstance(stmt, cst.ClassDef):
                    counts[stmt.name.value] += 1
                elif isinstance(stmt, (cst.If, cst.Try)):
                    for block in _blocks_of(stmt):
                        walk(block)

        walk(node.body)
        self._twice = {n for n, c in counts.items() if c > 1}

    def at_module_level(self) -> bool:
        return self._depth == 0

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._depth += 1

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef):  # type: ignore[no-untyped-def]
        self._depth -= 1
        if self._depth or original_node.name.value in self._twice:
            return updated_node
        return self.module_class(original_node, updated_node, self.qualified(original_node.name.value))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._depth += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef):  # type: ignore[no-untyped-def]
        self._depth -= 1
        return updated_node

    def module_class(self, original: cst.ClassDef, updated: cst.ClassDef, qualified: str) -> cst.CSTNode:
        return updated


def _blocks_of(stmt) -> List:  # type: ignore[no-untyped-def]
    out = []
    for part in (stmt.body, getattr(stmt, "orelse", None), getattr(stmt, "finalbody", None)):
        if part is None:
            continue
        if isinstance(part, cst.If):
            out.extend(_blocks_of(part))
            continue
        inner = part.body if isinstance(part, (cst.Else, cst.Finally)) else part
        if isinstance(inner, cst.IndentedBlock):
            out.append(inner.body)
    for handler in getattr(stmt, "handlers", ()) or ():
        if isinstance(handler.body, cst.IndentedBlock):
            out.append(handler.body.body)
    return out


# -- edits shared by the class codemods ---------------------------------------------------------------


def is_docstring(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def insert_first(body: cst.IndentedBlock, stmt: cst.BaseStatement) -> cst.IndentedBlock:
    """``stmt`` as the first statement of a class body, after its docstring."""
    stmts = list(body.body)
    at = 1 if stmts and is_docstring(stmts[0]) else 0
    return body.with_changes(body=[*stmts[:at], stmt, *stmts[at:]])
