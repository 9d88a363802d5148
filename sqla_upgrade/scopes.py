"""Scopes and bindings of a LibCST tree, computed lazily: the one name resolver every codemod uses.

LibCST's ScopeProvider/QualifiedNameProvider resolve every name of a file up front; on real trees that was
over half of a run's time, for the handful of names a codemod ever asks about. Here a scope's bindings are
collected only when a name is looked up in it, by walking that scope's own statements (not the bodies of the
functions and classes it defines, and not into expressions unless the file contains a walrus).

What a binding records is what the proofs need: its kind (a plain ``name = value``, an import, a parameter,
a loop or ``with`` target, ...) and the value or source it binds, so "is this name provably a list / a
Table / SQLAlchemy's ``select``" follows the value instead of stopping at the name.

Python's rules are followed: a name bound anywhere in a function is local to all of it; ``global`` and
``nonlocal`` redirect; class bodies are not visible from the functions they contain; a comprehension has
its own scope. Simplification: a comprehension's outermost iterable is resolved in the comprehension's
scope rather than the enclosing one, which only matters when the comprehension's target shadows a name it
iterates over (the proof then sees a loop binding and gives up: never a wrong yes).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from sqla_upgrade.index import absolute_import


class BindingKind(str, enum.Enum):
    ASSIGN = "assign"  # name = value (also a = b = value)
    ANNASSIGN = "annassign"  # name: T = value / name: T
    AUGASSIGN = "augassign"  # name += value
    UNPACK = "unpack"  # a, b = value
    FOR = "for"  # for name in value (also a comprehension's target)
    WITH = "with"  # with value as name
    PARAM = "param"
    IMPORT = "import"  # import a.b / from a import b (qualified holds what it binds)
    DEF = "def"
    CLASS = "class"
    EXCEPT = "except"
    WALRUS = "walrus"
    DEL = "del"
    MATCH = "match"
    OTHER = "other"  # anything else that binds (type aliases, pattern captures we do not model)


@dataclass(eq=False)
class Binding:
    name: str
    kind: BindingKind
    #: the binding node: the target Name, the Param, the ImportAlias, the FunctionDef/ClassDef
    node: cst.CSTNode
    scope: "Scope"
    #: what is bound: the assigned value, the iterable of a loop, the context expression of a `with`,
    #: a parameter's default
    value: Optional[cst.BaseExpression] = None
    #: for IMPORT: the dotted name bound (``sqlalchemy.select``, or ``sqlalchemy`` for ``import sqlalchemy.orm``)
    qualified: Optional[str] = None
    #: for PARAM and ANNASSIGN: the annotation expression
    annotation: Optional[cst.BaseExpression] = None


SCOPE_NODES = (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


class Scope:
    """One Python scope; bindings collected on first look-up."""

    def __init__(self, node: cst.CSTNode, parent: Optional["Scope"], file: "FileNames") -> None:
        self.node = node
        self.parent = parent
        self.file = file
        self._bindings: Optional[Dict[str, List[Binding]]] = None
        self.globals: Set[str] = set()
        self.nonlocals: Set[str] = set()
        self.star_imports: List[str] = []

    @property
    def is_class(self) -> bool:
        return isinstance(self.node, cst.ClassDef)

    @property
    def is_module(self) -> bool:
        return isinstance(self.node, cst.Module)

    @property
    def is_comprehension(self) -> bool:
        return isinstance(self.node, _COMPREHENSIONS)

    @property
    def bindings(self) -> Dict[str, List[Binding]]:
        if self._bindings is None:
            self._bindings = {}
            _Collector(self).collect()
        return self._bindings

    def add(self, binding: Binding) -> None:
        self._bindings.setdefault(binding.name, []).append(binding)  # type: ignore[union-attr]

    def module_scope(self) -> "Scope":
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def lookup(self, name: str) -> Optional[Tuple["Scope", List[Binding]]]:
        """The scope that binds ``name`` as seen from here, and its bindings there; None when unbound
        (a builtin, a star import or an undefined name)."""
        scope: Optional[Scope] = self
        first = True
        while scope is not None:
            bindings = scope.bindings  # also fills globals/nonlocals
            if name in scope.globals:
                module = scope.module_scope()
                found = module.bindings.get(name)
                return (module, found) if found else None
            if name in scope.nonlocals:
                scope = scope.parent
                first = False
                continue
            if name in bindings and (first or not scope.is_class):
                return scope, bindings[name]
            first = False
            scope = scope.parent
        return None


class _Collector:
    """Fills one scope's bindings from its own statements."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def bind(self, name: str, kind: BindingKind, node: cst.CSTNode, **kw) -> None:
        self.scope.add(Binding(name, kind, node, self.scope, **kw))

    def collect(self) -> None:
        node = self.scope.node
        if isinstance(node, cst.Module):
            self.statements(node.body)
            if self.scope.file.has_global:
                self.global_assignments(node.body)
        elif isinstance(node, (cst.FunctionDef, cst.Lambda)):
            self.parameters(node.params)
            if isinstance(node, cst.FunctionDef):
                self.suite(node.body)
        elif isinstance(node, cst.ClassDef):
            self.suite(node.body)
        elif isinstance(node, _COMPREHENSIONS):
            comp: Optional[cst.CompFor] = node.for_in
            while comp is not None:
                self.target(comp.target, BindingKind.FOR, comp.iter)
                comp = comp.inner_for_in
        if self.scope.file.has_walrus:
            self.walruses()

    # -- statements -----------------------------------------------------------------------------------

    def suite(self, suite: cst.BaseSuite) -> None:
        if isinstance(suite, cst.IndentedBlock):
            self.statements(suite.body)
        else:  # SimpleStatementSuite: `if x: a = 1; b = 2`
            self.small(suite.body)

    def statements(self, body: Sequence[cst.BaseStatement]) -> None:
        for stmt in body:
            if isinstance(stmt, cst.SimpleStatementLine):
                self.small(stmt.body)
            else:
                self.compound(stmt)

    def small(self, body: Sequence[cst.BaseSmallStatement]) -> None:
        for small in body:
            if isinstance(small, cst.Assign):
                for t in small.targets:
                    self.target(t.target, BindingKind.ASSIGN, small.value)
            elif isinstance(small, cst.AnnAssign):
                if isinstance(small.target, cst.Name):
                    self.bind(
                        small.target.value, BindingKind.ANNASSIGN, small.target,
                        value=small.value, annotation=small.annotation.annotation,
                    )
            elif isinstance(small, cst.AugAssign):
                if isinstance(small.target, cst.Name):
                    self.bind(small.target.value, BindingKind.AUGASSIGN, small.target, value=small.value)
            elif isinstance(small, cst.Import):
                for alias in small.names:
                    dotted = _dotted(alias.name)
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        self.bind(alias.asname.name.value, BindingKind.IMPORT, alias, qualified=dotted)
                    else:
                        top = dotted.split(".")[0]
                        self.bind(top, BindingKind.IMPORT, alias, qualified=top)
            elif isinstance(small, cst.ImportFrom):
                module = self.scope.file.import_from_module(small)
                if isinstance(small.names, cst.ImportStar):
                    if module:
                        self.scope.star_imports.append(module)
                    continue
                for alias in small.names:
                    name = _dotted(alias.name)
                    bound = (
                        alias.asname.name.value
                        if alias.asname is not None and isinstance(alias.asname.name, cst.Name)
                        else name
                    )
                    qualified = f"{module}.{name}" if module else None
                    self.bind(bound, BindingKind.IMPORT, alias, qualified=qualified)
            elif isinstance(small, cst.Global):
                self.scope.globals.update(n.name.value for n in small.names)
            elif isinstance(small, cst.Nonlocal):
                self.scope.nonlocals.update(n.name.value for n in small.names)
            elif isinstance(small, cst.Del):
                for name in _names_in(small.target):
                    self.bind(name.value, BindingKind.DEL, name)
            elif type(small).__name__ == "TypeAlias":  # 3.12 `type X = ...` (newer LibCST only)
                name = getattr(small, "name", None)
                if isinstance(name, cst.Name):
                    self.bind(name.value, BindingKind.OTHER, name)

    def compound(self, stmt: cst.BaseCompoundStatement) -> None:
        if isinstance(stmt, cst.FunctionDef):
            self.bind(stmt.name.value, BindingKind.DEF, stmt)
        elif isinstance(stmt, cst.ClassDef):
            self.bind(stmt.name.value, BindingKind.CLASS, stmt)
        elif isinstance(stmt, cst.If):
            self.suite(stmt.body)
            orelse = stmt.orelse
            if isinstance(orelse, cst.If):
                self.compound(orelse)
            elif orelse is not None:
                self.suite(orelse.body)
        elif isinstance(stmt, (cst.For, cst.While)):
            if isinstance(stmt, cst.For):
                self.target(stmt.target, BindingKind.FOR, stmt.iter)
            self.suite(stmt.body)
            if stmt.orelse is not None:
                self.suite(stmt.orelse.body)
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                if item.asname is not None:
                    self.target(item.asname.name, BindingKind.WITH, item.item)
            self.suite(stmt.body)
        elif isinstance(stmt, (cst.Try, cst.TryStar)):
            self.suite(stmt.body)
            for handler in stmt.handlers:
                if handler.name is not None and isinstance(handler.name.name, cst.Name):
                    self.bind(handler.name.name.value, BindingKind.EXCEPT, handler.name.name)
                self.suite(handler.body)
            if stmt.orelse is not None:
                self.suite(stmt.orelse.body)
            if stmt.finalbody is not None:
                self.suite(stmt.finalbody.body)
        elif isinstance(stmt, cst.Match):
            for case in stmt.cases:
                for name in _pattern_names(case.pattern):
                    self.bind(name.value, BindingKind.MATCH, name)
                self.suite(case.body)
        else:  # statements a newer LibCST knows and this module does not: bind what they might bind
            body = getattr(stmt, "body", None)
            if isinstance(body, cst.BaseSuite):
                self.suite(body)

    def target(self, target: cst.BaseExpression, kind: BindingKind, value: Optional[cst.BaseExpression]) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, kind, target, value=value)
            return
        # Unpacking: each name gets a part of the value nobody here computes.
        unpack = BindingKind.UNPACK if kind == BindingKind.ASSIGN else kind
        for name in _names_in(target):
            self.bind(name.value, unpack, name, value=None)

    def parameters(self, params: cst.Parameters) -> None:
        every: List[cst.Param] = [*params.posonly_params, *params.params, *params.kwonly_params]
        for extra in (params.star_arg, params.star_kwarg):
            if isinstance(extra, cst.Param):
                every.append(extra)
        for param in every:
            annotation = param.annotation.annotation if param.annotation is not None else None
            self.bind(param.name.value, BindingKind.PARAM, param, value=param.default, annotation=annotation)

    def global_assignments(self, body: Sequence[cst.BaseStatement]) -> None:
        """Bindings of module names made inside functions that declare them ``global``: they are module
        bindings too (a value assigned there may be what a use elsewhere sees)."""
        for func in _functions_in(body):
            inner = Scope(func, self.scope, self.scope.file)  # not cached: its real parent may be another def
            for name in inner.globals & set(inner.bindings):
                for b in inner.bindings[name]:
                    self.scope.add(b)  # b.scope stays the function: its value is evaluated there

    def walruses(self) -> None:
        # A walrus binds in the nearest enclosing scope that is not a comprehension.
        if self.scope.is_comprehension:
            return
        finder = _WalrusFinder(self.scope.node)
        self.scope.node.visit(finder)
        for name in finder.names:
            self.bind(name.value, BindingKind.WALRUS, name)


class _WalrusFinder(cst.CSTVisitor):
    def __init__(self, root: cst.CSTNode) -> None:
        self.root = root
        self.names: List[cst.Name] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node is not self.root and isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            return False
        if isinstance(node, cst.NamedExpr) and isinstance(node.target, cst.Name):
            self.names.append(node.target)
        return True


def _functions_in(body: Sequence[cst.CSTNode]) -> Iterator[cst.FunctionDef]:
    """Every function definition in ``body``, at any depth (in classes, other functions, blocks)."""
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, cst.FunctionDef):
            yield node
        if isinstance(node, cst.SimpleStatementLine):
            continue
        for attr in ("body", "orelse", "finalbody", "handlers", "cases"):
            value = getattr(node, attr, None)
            if value is None:
                continue
            if isinstance(value, (list, tuple)):
                stack.extend(value)
            elif isinstance(value, cst.BaseSuite):
                stack.extend(value.body if isinstance(value, cst.IndentedBlock) else [])
            elif isinstance(value, cst.CSTNode):
                stack.append(value)


def _names_in(target: cst.CSTNode) -> Iterator[cst.Name]:
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, (cst.Tuple, cst.List)):
        for el in target.elements:
            yield from _names_in(el.value)
    elif isinstance(target, cst.StarredElement):
        yield from _names_in(target.value)
    # Attribute and Subscript targets bind no name.


def _pattern_names(pattern: cst.CSTNode) -> Iterator[cst.Name]:
    # Every capture in a match pattern: MatchAs/MatchStar names, MatchMapping's rest, nested anywhere.
    stack = [pattern]
    while stack:
        node = stack.pop()
        for attr in ("name", "rest"):
            value = getattr(node, attr, None)
            if isinstance(value, cst.Name) and isinstance(node, (cst.MatchAs, cst.MatchStar, cst.MatchMapping)):
                yield value
        stack.extend(c for c in node.children if isinstance(c, cst.CSTNode))


def _dotted(node: Union[cst.Attribute, cst.Name, cst.BaseExpression]) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def dotted_name(node: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        inner = dotted_name(node.value)
        return f"{inner}.{node.attr.value}" if inner else None
    return None


#: the qualified name given to a name bound by anything but an import or an alias of one
LOCAL = "<local>"


@dataclass
class FileNames:
    """Name resolution for one file's tree: its module's place in the project, the project index, and the
    scope stack of the traversal under way."""

    module_name: str = ""  # dotted name of this module (``app.queries``), "" when unknown
    is_package: bool = False  # an __init__.py (relative imports resolve against the module itself)
    index: Optional[object] = None  # sqla_upgrade.index.ProjectIndex, for names defined in other modules
    has_walrus: bool = False
    has_global: bool = False  # the file contains `global` (module bindings may hide in functions)
    _scopes: Dict[int, Scope] = field(default_factory=dict)
    _stack: List[Scope] = field(default_factory=list)

    # -- the scope stack (driven by the traversal) ----------------------------------------------------

    def enter_module(self, module: cst.Module) -> Scope:
        self._stack = [self.scope_for(module, None)]
        return self._stack[0]

    def scope_for(self, node: cst.CSTNode, parent: Optional[Scope]) -> Scope:
        scope = self._scopes.get(id(node))
        if scope is None or scope.node is not node:
            scope = Scope(node, parent, self)
            self._scopes[id(node)] = scope
        return scope

    def push(self, node: cst.CSTNode) -> None:
        self._stack.append(self.scope_for(node, self._stack[-1] if self._stack else None))

    def pop(self) -> None:
        self._stack.pop()

    @property
    def current(self) -> Scope:
        return self._stack[-1]

    class _Within:
        def __init__(self, names: "FileNames", scope: Scope) -> None:
            self.names, self.scope = names, scope

        def __enter__(self) -> Scope:
            self.names._stack.append(self.scope)
            return self.scope

        def __exit__(self, *exc) -> None:
            self.names._stack.pop()

    def within(self, scope: Scope) -> "FileNames._Within":
        """Resolve in ``scope`` for a while (a proof following a binding's value into the scope that
        holds it)."""
        return FileNames._Within(self, scope)

    # -- look-ups ---------------------------------------------------------------------------------------

    def lookup(self, name: str) -> Optional[Tuple[Scope, List[Binding]]]:
        return self.current.lookup(name)

    def bindings(self, node: cst.Name) -> Optional[List[Binding]]:
        found = self.current.lookup(node.value)
        return None if found is None else found[1]

    def qualified_names(self, node: cst.CSTNode) -> Set[str]:
        """Every dotted name ``node`` may stand for, resolved through imports, aliases (``_select =
        sqlalchemy.sql.select``) and the project index (re-exports): e.g. ``{"sqlalchemy.select"}``. A name
        bound locally to anything else contributes ``<local>``; an unbound one nothing (or the star-imported
        name)."""
        return self._qualified(node, self.current, 0)

    def _qualified(self, node: cst.CSTNode, scope: Scope, depth: int) -> Set[str]:
        if depth > 8:
            return {LOCAL}
        if isinstance(node, cst.Name):
            found = scope.lookup(node.value)
            if found is None:
                module_scope = scope.module_scope()
                module_scope.bindings  # star imports are found by the collector
                stars = module_scope.star_imports
                return {self._canonical(f"{m}.{node.value}") for m in stars}
            out: Set[str] = set()
            for b in found[1]:
                if b.kind == BindingKind.IMPORT and b.qualified:
                    out.add(self._canonical(b.qualified))
                elif b.kind == BindingKind.ASSIGN and isinstance(b.value, (cst.Name, cst.Attribute)):
                    out |= self._qualified(b.value, b.scope, depth + 1)
                else:
                    out.add(LOCAL)
            return out
        if isinstance(node, cst.Attribute):
            base = self._qualified(node.value, scope, depth + 1)
            return {self._canonical(f"{q}.{node.attr.value}") for q in base if q != LOCAL} | (
                {LOCAL} if LOCAL in base else set()
            )
        return set()

    def _canonical(self, qualified: str) -> str:
        if self.index is None:
            return qualified
        return self.index.canonical(qualified)  # type: ignore[attr-defined]

    def import_from_module(self, node: cst.ImportFrom) -> Optional[str]:
        """The absolute module of ``from X import ...`` (relative ones resolved against this module)."""
        module = _dotted(node.module) if node.module is not None else None
        return absolute_import(module or None, len(node.relative), self.module_name, self.is_package)
