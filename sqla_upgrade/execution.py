"""Shared pieces of the rewrites that move 1.x executions into 2.0 connection blocks (engine-execute,
connection-autocommit): where a node sits in its scope, how a Result is used, a name for the connection,
and the ``with engine.begin() as conn:`` block itself.

A rewrite here works on the original tree of one scope (a function or the module): :class:`ScopeMap`
gives each node's parent and its place in source order, so a codemod can tell which statement of which
suite holds a call, what encloses it, and what follows it.
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Sequence, Set, Union

import libcst as cst

from sqla_upgrade.chain import _LineShifter
from sqla_upgrade.matchers import builtin_call
from sqla_upgrade.scopes import FileNames

#: Result methods whose value no longer needs the connection (1.x closed the result, 2.0 buffers the rows)
TERMINAL_METHODS = frozenset({
    "fetchall", "fetchone", "fetchmany", "first", "scalar", "one", "one_or_none", "all", "scalar_one",
    "scalar_one_or_none", "keys", "close",
})
#: Result attributes read once the statement has run
TERMINAL_ATTRIBUTES = frozenset({
    "rowcount", "inserted_primary_key", "inserted_primary_key_rows", "lastrowid", "returns_rows", "is_insert",
    "returned_defaults", "returned_defaults_rows", "closed",
})
#: Result methods that give another Result over the same cursor (to be consumed in turn)
TRANSFORMS = frozenset({"scalars", "mappings", "columns", "unique"})
#: builtins that consume an iterable they are given, there and then
CONSUMING_BUILTINS = ("list", "tuple", "set", "sorted")
#: builtins that cannot fail on what a statement produced or run code of the program's
INERT_BUILTINS = ("list", "tuple", "set", "sorted", "len", "dict", "int", "str", "float", "bool")

CONSUMED = "consumed"
LOOP = "loop"

SUITES = (cst.IndentedBlock, cst.Module)
_LAZY = (cst.Lambda, cst.GeneratorExp, cst.FunctionDef, cst.ClassDef)
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp)


class ScopeMap:
    """Parents and source order of every node under one scope's node (its nested scopes included)."""

    def __init__(self, root: cst.CSTNode) -> None:
        self.root = root
        self.parent: Dict[int, cst.CSTNode] = {}
        self.order: Dict[int, int] = {}
        self.names: Dict[str, List[cst.Name]] = {}
        stack = [root]
        n = 0
        while stack:
            node = stack.pop()
            self.order[id(node)] = n
            n += 1
            if isinstance(node, cst.Name):
                self.names.setdefault(node.value, []).append(node)
            children = node.children
            for child in children:
                self.parent[id(child)] = node
            stack.extend(reversed(children))

    def parent_of(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self.parent.get(id(node))

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        current = self.parent.get(id(node))
        while current is not None:
            yield current
            if current is self.root:
                return
            current = self.parent.get(id(current))

    def within(self, node: cst.CSTNode, outer: cst.CSTNode) -> bool:
        return node is outer or any(a is outer for a in self.ancestors(node))

    def lazy(self, node: cst.CSTNode, upto: cst.CSTNode) -> bool:
        """Whether ``node`` is evaluated later than ``upto`` is (inside a lambda, a generator expression,
        a nested def or class between them)."""
        for a in self.ancestors(node):
            if a is upto:
                return False
            if isinstance(a, _LAZY):
                return True
        return False

    def in_comprehension(self, node: cst.CSTNode, upto: cst.CSTNode) -> bool:
        """Whether ``node`` runs once per element of a comprehension (not as its outermost iterable)."""
        child: cst.CSTNode = node
        for a in self.ancestors(node):
            if a is upto:
                return False
            if isinstance(a, _COMPREHENSIONS) and not (a.for_in is child):  # type: ignore[union-attr]
                return True
            if isinstance(a, cst.CompFor) and a.iter is child:
                child = a
                continue
            child = a
        return False

    def unit(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        """The statement of a suite that holds ``node``: a simple statement line, a one-line suite
        (``if x: f()``), or a compound statement when ``node`` is in its header; None inside a nested
        def's header or similar."""
        child = node
        for a in self.ancestors(node):
            if isinstance(a, cst.SimpleStatementLine):
                return a
            if isinstance(a, cst.SimpleStatementSuite):
                return a
            if isinstance(a, cst.BaseCompoundStatement):
                return a
            child = a
        return None

    def suite_of(self, unit: cst.CSTNode) -> Optional[cst.CSTNode]:
        parent = self.parent.get(id(unit))
        if isinstance(unit, cst.SimpleStatementSuite):
            return unit
        return parent if isinstance(parent, SUITES) else None


def result_use(node: cst.BaseExpression, scope: ScopeMap, names: FileNames) -> Optional[str]:
    """How the Result that ``node`` evaluates to is used where it stands: CONSUMED (a terminal method or
    attribute, maybe after ``.scalars()``/``.mappings()``; ``list(...)``; a list/set/dict comprehension's
    outermost iterable), LOOP (the iterable of a ``for`` statement), or None (anything else: it may escape)."""
    current: cst.CSTNode = node
    while True:
        p = scope.parent_of(current)
        if isinstance(p, cst.Attribute) and p.value is current:
            grand = scope.parent_of(p)
            called = isinstance(grand, cst.Call) and grand.func is p
            attr = p.attr.value
            if not called and attr in TERMINAL_ATTRIBUTES:
                return CONSUMED
            if called and attr in TERMINAL_METHODS:
                return CONSUMED
            if called and attr in TRANSFORMS:
                current = grand  # type: ignore[assignment]
                continue
            return None
        if isinstance(p, cst.For) and p.iter is current:
            return LOOP
        if isinstance(p, cst.CompFor) and p.iter is current:
            comp = scope.parent_of(p)
            return CONSUMED if isinstance(comp, _COMPREHENSIONS) and comp.for_in is p else None
        if isinstance(p, cst.Arg) and p.value is current and p.keyword is None and not p.star:
            call = scope.parent_of(p)
            if isinstance(call, cst.Call) and len(call.args) == 1 and builtin_call(call, names, *CONSUMING_BUILTINS):
                return CONSUMED
        return None


def result_chain_calls(node: cst.BaseExpression, scope: ScopeMap) -> Set[int]:
    """ids of the method calls made on the Result ``node`` (``res.fetchall()``, ``res.scalars().all()``)."""
    out: Set[int] = set()
    current: cst.CSTNode = node
    while True:
        p = scope.parent_of(current)
        grand = scope.parent_of(p) if p is not None else None
        if isinstance(p, cst.Attribute) and p.value is current and isinstance(grand, cst.Call) and grand.func is p:
            out.add(id(grand))
            current = grand
            continue
        return out


def calls_in(node: cst.CSTNode) -> List[cst.Call]:
    found: List[cst.Call] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Call):
            found.append(n)
        stack.extend(n.children)
    return found


def fresh_name(scope_node: cst.CSTNode, module: cst.Module, preferred: Sequence[str]) -> str:
    """A name that no code of the scope uses (of the whole module, at module level), from ``preferred``
    then numbered forms of its first."""
    taken: Set[str] = set()
    root = module if isinstance(scope_node, cst.Module) else scope_node
    stack = [root]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Name):
            taken.add(n.value)
        stack.extend(n.children)
    for name in preferred:
        if name not in taken:
            return name
    i = 1
    while f"{preferred[0]}_{i}" in taken:
        i += 1
    return f"{preferred[0]}_{i}"


class _ContinuationShifter(_LineShifter):
    """Moves the lines LibCST writes at an absolute column (a continuation line less indented than its
    statement, a comment line inside brackets); the others are written relative to their block, which
    LibCST indents by itself."""

    def leave_ParenthesizedWhitespace(self, original_node, updated_node):  # type: ignore[override]
        if updated_node.indent:
            return updated_node
        return super().leave_ParenthesizedWhitespace(original_node, updated_node)

    def leave_EmptyLine(self, original_node: cst.EmptyLine, updated_node: cst.EmptyLine) -> cst.EmptyLine:
        if updated_node.indent:
            return updated_node
        return super().leave_EmptyLine(original_node, updated_node)


def indent_width(module: cst.Module) -> int:
    indent = module.default_indent
    return len(indent) if indent.strip(" ") == "" else 0


def connection_block(
    receiver: cst.BaseExpression,
    method: str,
    conn: str,
    statements: Sequence[cst.BaseStatement],
    module: cst.Module,
) -> cst.With:
    """``with <receiver>.<method>() as <conn>:`` around ``statements`` (updated nodes of one suite, in
    order), the first one's leading comments and blank lines kept before the ``with``, every
    continuation line moved one indentation to the right."""
    width = indent_width(module)
    moved: List[cst.BaseStatement] = []
    for i, stmt in enumerate(statements):
        if i == 0:
            stmt = stmt.with_changes(leading_lines=[])
        moved.append(stmt.visit(_ContinuationShifter(width)) if width else stmt)  # type: ignore[arg-type]
    call = cst.Call(func=cst.Attribute(value=receiver, attr=cst.Name(method)))
    return cst.With(
        items=[cst.WithItem(item=call, asname=cst.AsName(name=cst.Name(conn)))],
        body=cst.IndentedBlock(body=moved),
        leading_lines=statements[0].leading_lines,
    )


def suite_as_line(suite: cst.SimpleStatementSuite) -> cst.SimpleStatementLine:
    """The statements of a one-line suite (``if x: f()``) as a line of their own."""
    return cst.SimpleStatementLine(body=suite.body, trailing_whitespace=suite.trailing_whitespace)


def suite_body(node: Union[cst.IndentedBlock, cst.Module]) -> Sequence[cst.BaseStatement]:
    return node.body  # type: ignore[return-value]


def reaching_value(name: cst.Name, scope: ScopeMap) -> Optional[cst.BaseExpression]:
    """The value of the plain ``name = value`` statement that the use ``name`` (an original node of the
    scope) sees in straight-line code: the nearest earlier statement of its block, or of an enclosing
    block, that binds it, when that is a plain assignment and no other binding of the name lies between
    them or in a loop around the use; None otherwise (a parameter, a branch, a loop, an unpacking)."""
    stores = [n for n in scope.names.get(name.value, ()) if n is not name and _is_store(n, scope)]
    node: cst.CSTNode = name
    for a in scope.ancestors(name):
        if isinstance(a, (cst.FunctionDef, cst.Lambda, cst.ClassDef)) and a is not scope.root:
            return None
        if isinstance(a, SUITES):
            body = list(a.body)  # type: ignore[union-attr]
            k = next((j for j, s in enumerate(body) if s is node), None)
            if k is None:
                return None
            for s in reversed(body[:k]):
                inside = [n for n in stores if scope.within(n, s)]
                if not inside:
                    continue
                value = _plain_assignment(s, name.value)
                if value is None or len(inside) != 1:
                    return None
                loops = [x for x in scope.ancestors(name) if isinstance(x, (cst.For, cst.While)) and not scope.within(x, s)]
                if any(scope.within(n, loop) for loop in loops for n in stores if n is not inside[0]):
                    return None
                return value
        if a is scope.root:
            return None
        node = a
    return None


def _is_store(n: cst.Name, scope: ScopeMap) -> bool:
    parent = scope.parent_of(n)
    if isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr)):
        return getattr(parent, "target", None) is n
    if isinstance(parent, cst.AsName):
        return parent.name is n
    if isinstance(parent, (cst.Tuple, cst.List, cst.StarredElement, cst.Element)):
        return True  # an unpacking target (or a display: counted as a store, which only makes us stop)
    if isinstance(parent, (cst.Param, cst.FunctionDef, cst.ClassDef, cst.ImportAlias, cst.Global, cst.Nonlocal, cst.Del)):
        return True
    return False


def _plain_assignment(stmt: cst.CSTNode, name: str) -> Optional[cst.BaseExpression]:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        if isinstance(target, cst.Name) and target.value == name:
            return small.value
    return None


class StatementValues:
    """For codemods that classify an executed statement (engine-execute, connection-autocommit): the
    values a name holding a statement can have where it is executed. Needs ``self._maps`` (a dict) and
    SqlaCodemod's ``state`` and ``bound_values``."""

    def _statement_scope(self):
        scope = self.state.names.current  # type: ignore[union-attr]
        while isinstance(scope.node, (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)) and scope.parent is not None:
            scope = scope.parent
        return scope

    def _values(self, name: cst.Name):
        """What a statement held in ``name`` can be: the assignment that reaches the use in straight-line
        code (`sql = "DELETE ..."; engine.execute(sql); sql = "SELECT ..."`), else every binding's value."""
        smap = self._map(self._statement_scope().node)
        if id(name) in smap.order:
            value = reaching_value(name, smap)
            if value is not None:
                return [value]
        return self.bound_values(name)

    def _map(self, root: cst.CSTNode) -> ScopeMap:
        found = self._maps.get(id(root))
        if found is None or found.root is not root:
            found = self._maps[id(root)] = ScopeMap(root)
        return found
