"""Receiver inference: the kind of a LibCST expression within its scope (is this an Engine, a Connection,
a Row, a Select, a Table?), one module shared by every codemod.

Methods such as ``.select()``, ``.update()``, ``.execute()`` or ``.apply_labels()`` exist on many objects
that are not SQLAlchemy's (BeautifulSoup, dicts, DB-API cursors, a user's own report builder), so a codemod
rewrites a method call only when its receiver is proven to be of the kind the rewrite is right for.
:data:`Kind.UNKNOWN` is an answer: the codemod then reports (or offers an unsafe fix), never guesses.
:data:`Kind.FOREIGN` says the receiver is provably not SQLAlchemy's (a literal, a class or function of the
user's, a call into another library), so nothing is reported either.

What is proven, from the tables in ``kinds.py``:

* calls of SQLAlchemy's constructors (``create_engine``, ``Table``, ``select``, ``sessionmaker``, ...),
  by qualified name through the one name resolver (``scopes.py``);
* methods of a proven receiver (``engine.connect()`` → Connection, ``conn.execute()`` → Result,
  ``result.first()`` → Row, ``select(...).where(...)`` → Select, ``t.alias()`` → FromClause);
* ``Model.__table__`` and ``x.tables[...]`` (FromClause); names imported from another project module,
  from the project index (``from app.db import engine`` → Engine);
* a name, when every binding of it visible from the use says the same: ``x = <proven>``; ``for row in
  <Result>``; ``with engine.connect() as conn``; a parameter annotated ``Connection`` (or ``Engine``,
  ``Session``, ...); a class or function defined in the module (FOREIGN, or a mapped class).
"""

from __future__ import annotations

from typing import Dict, Set, Tuple

import libcst as cst

from sqla_upgrade.kinds import (
    ANNOTATIONS,
    ATTRIBUTES,
    CONSTRUCTORS,
    METHODS,
    ROW_SOURCES,
    WITH_TARGETS,
    Kind,
    is_sqla_qualified,
)
from sqla_upgrade.scopes import LOCAL, BindingKind, FileNames

#: the kind of a variable while its own bindings are being evaluated
_PENDING = "<pending>"

_DISPLAYS = (
    cst.List, cst.Tuple, cst.Dict, cst.Set, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp,
    cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.Integer, cst.Float, cst.Imaginary,
)


class Inference:
    def __init__(self, names: FileNames) -> None:
        self.names = names
        self._assumed: Dict[Tuple[int, str], str] = {}

    def kind_of(self, node: cst.BaseExpression) -> str:
        """The kind of ``node`` (an original node) in the scope being visited."""
        kind = self._kind(node, set())
        return Kind.UNKNOWN if kind == _PENDING else kind

    def is_kind(self, node: cst.BaseExpression, *kinds: str) -> bool:
        return self.kind_of(node) in kinds

    def _kind(self, node: cst.BaseExpression, seen: Set[int]) -> str:
        if isinstance(node, _DISPLAYS):
            return Kind.FOREIGN
        if isinstance(node, cst.Call):
            return self._call(node, seen)
        if isinstance(node, cst.Attribute):
            if node.attr.value == "__table__":
                return Kind.FROMCLAUSE
            kind = self._qualified_kind(self.names.qualified_names(node))
            if kind == Kind.UNKNOWN:
                receiver = self._kind(node.value, seen)
                kind = ATTRIBUTES.get((receiver, node.attr.value), Kind.UNKNOWN)
            return kind
        if isinstance(node, cst.Subscript):
            value = node.value
            if isinstance(value, cst.Attribute) and value.attr.value == "tables":
                return Kind.FROMCLAUSE  # MetaData.tables[...]
            if self._kind(value, seen) == Kind.ROWS:
                return Kind.ROW
            return Kind.UNKNOWN
        if isinstance(node, cst.Name):
            return self._name(node, seen)
        return Kind.UNKNOWN

    def _qualified_kind(self, qualified: Set[str]) -> str:
        if not qualified or LOCAL in qualified:
            return Kind.UNKNOWN
        index = self.names.index
        kinds = set()
        for q in qualified:
            if is_sqla_qualified(q):
                kinds.add(Kind.UNKNOWN)  # a SQLAlchemy name itself (a function, a module): not a value kind here
            elif index is not None:
                kinds.add(index.kind(q))  # type: ignore[attr-defined]
            else:
                kinds.add(Kind.UNKNOWN)
        return kinds.pop() if len(kinds) == 1 else Kind.UNKNOWN

    def _call(self, node: cst.Call, seen: Set[int]) -> str:
        func = node.func
        qualified = self.names.qualified_names(func) if isinstance(func, (cst.Name, cst.Attribute)) else set()
        known = {CONSTRUCTORS[q] for q in qualified if q in CONSTRUCTORS}
        if len(known) == 1 and LOCAL not in qualified:
            return known.pop()
        if isinstance(func, cst.Attribute):
            receiver = self._kind(func.value, seen)
            if receiver == _PENDING:
                return _PENDING
            if receiver not in (Kind.UNKNOWN, Kind.FOREIGN):
                return METHODS.get((receiver, func.attr.value), Kind.UNKNOWN)
            if receiver == Kind.FOREIGN and isinstance(func.value, _DISPLAYS):
                return Kind.FOREIGN  # `", ".join(...)`, `[...].pop()`; a user's object's method may return anything
        # `Session()` of a sessionmaker / scoped_session, also `model.Session()` and `sessionmaker(...)()`
        callee = self._kind(func, seen) if isinstance(func, (cst.Name, cst.Attribute, cst.Call)) else Kind.UNKNOWN
        if callee in (Kind.SESSIONMAKER, Kind.SCOPED_SESSION):
            return METHODS.get((callee, "__call__"), Kind.UNKNOWN)
        if isinstance(func, cst.Name) and self._locally_defined(func):
            return Kind.FOREIGN
        if qualified and LOCAL not in qualified and all(
            not is_sqla_qualified(q) and self._outside_project(q) for q in qualified
        ):
            return Kind.FOREIGN  # another library's function or class (sqlite3.connect, BeautifulSoup)
        return Kind.UNKNOWN

    def _outside_project(self, qualified: str) -> bool:
        index = self.names.index
        if index is None:
            return False
        return index._split(qualified) is None and qualified.split(".")[0] not in _project_roots(index)  # type: ignore[attr-defined]

    def _locally_defined(self, name: cst.Name) -> bool:
        found = self.names.lookup(name.value)
        if found is None:
            return False
        return all(b.kind in (BindingKind.DEF, BindingKind.CLASS) for b in found[1]) and not any(
            b.kind == BindingKind.CLASS and self._maybe_mapped(b.node) for b in found[1]
        )

    def _maybe_mapped(self, node: cst.CSTNode) -> bool:
        # A class with bases may be a mapped class (its instances are not, but `Model.__table__` is handled
        # above): calling it is not proven foreign when it has any base.
        return isinstance(node, cst.ClassDef) and bool(node.bases)

    def _name(self, node: cst.Name, seen: Set[int]) -> str:
        if node.value in ("True", "False", "None"):
            return Kind.FOREIGN
        found = self.names.lookup(node.value)
        if found is None:
            qualified = self.names.qualified_names(node)
            return self._qualified_kind(qualified) if qualified else Kind.UNKNOWN
        scope, bindings = found
        key = (id(scope), node.value)
        if key in self._assumed:
            return self._assumed[key]
        # `q = select(t)` then `q = q.where(...)`: the bindings that refer back to the variable are
        # checked under the assumption that it holds what the others say.
        self._assumed[key] = _PENDING
        try:
            kinds = [self._binding_kind(b, seen) for b in bindings]
            settled = {k for k in kinds if k != _PENDING}
            if len(settled) != 1:
                return Kind.UNKNOWN
            kind = settled.pop()
            if _PENDING in kinds:
                self._assumed[key] = kind
                again = {self._binding_kind(b, seen) for b, k in zip(bindings, kinds) if k == _PENDING}
                if again != {kind}:
                    return Kind.UNKNOWN
            return kind
        finally:
            del self._assumed[key]

    def _binding_kind(self, b, seen: Set[int]) -> str:
        k = b.kind
        if k == BindingKind.ASSIGN or (k == BindingKind.ANNASSIGN and b.value is not None):
            if b.value is None:
                return Kind.UNKNOWN
            with self.names.within(b.scope):
                return self._kind(b.value, seen)
        if k == BindingKind.IMPORT:
            if not b.qualified:
                return Kind.UNKNOWN
            index = self.names.index
            if is_sqla_qualified(b.qualified) or index is None:
                return Kind.UNKNOWN
            return index.kind(b.qualified)  # type: ignore[attr-defined]
        if k == BindingKind.FOR:
            if b.value is None:
                return Kind.UNKNOWN
            with self.names.within(b.scope):
                source = self._kind(b.value, seen)
            return Kind.ROW if source in ROW_SOURCES else Kind.UNKNOWN
        if k == BindingKind.WITH:
            if b.value is None:
                return Kind.UNKNOWN
            with self.names.within(b.scope):
                source = self._with_source(b.value, seen)
            return source
        if k in (BindingKind.PARAM, BindingKind.ANNASSIGN):
            if b.annotation is None:
                return self._classmethod_cls(b, seen) if k == BindingKind.PARAM else Kind.UNKNOWN
            with self.names.within(b.scope.parent or b.scope):
                annotated = self.names.qualified_names(_unquoted(b.annotation))
            kinds = {ANNOTATIONS.get(q) for q in annotated}
            return kinds.pop() or Kind.UNKNOWN if len(kinds) == 1 else Kind.UNKNOWN
        if k == BindingKind.DEF:
            return Kind.FOREIGN
        if k == BindingKind.CLASS:
            if self._mapped_class(b.node, b.scope, seen):
                return Kind.MAPPED_CLASS
            return Kind.UNKNOWN if self._maybe_mapped(b.node) else Kind.FOREIGN
        return Kind.UNKNOWN

    def _mapped_class(self, node: cst.ClassDef, scope, seen: Set[int]) -> bool:
        """Whether the class ``node`` (defined in ``scope``) is provably mapped: a base is a declarative
        base, a mapped class or a Flask-SQLAlchemy ``db.Model``; or the project index says so (it also knows
        classes mapped imperatively, ``mapper(C, t)``)."""
        index = self.names.index
        if scope.is_module and index is not None and self.names.module_name:
            if index.kind(f"{self.names.module_name}.{node.name.value}") == Kind.MAPPED_CLASS:  # type: ignore[attr-defined]
                return True
        with self.names.within(scope):
            for base in node.bases:
                if base.keyword is not None or base.star:
                    continue
                value = base.value
                if isinstance(value, cst.Attribute) and value.attr.value == "Model":
                    if self._kind(value.value, seen) == Kind.FLASK_SQLALCHEMY:
                        return True
                if self._kind(value, seen) in (Kind.DECLARATIVE_BASE, Kind.MAPPED_CLASS):
                    return True
        return False

    def _classmethod_cls(self, b, seen: Set[int]) -> str:
        """``cls`` (the first parameter) of a ``@classmethod`` of a mapped class is a mapped class: a
        subclass of a mapped class is mapped too."""
        func = b.scope.node
        owner = b.scope.parent
        if not (isinstance(func, cst.FunctionDef) and owner is not None and owner.is_class and owner.parent is not None):
            return Kind.UNKNOWN
        params = [*func.params.posonly_params, *func.params.params]
        if not params or params[0] is not b.node:
            return Kind.UNKNOWN
        if not any(isinstance(d.decorator, cst.Name) and d.decorator.value == "classmethod" for d in func.decorators):
            return Kind.UNKNOWN
        if b.scope.lookup("classmethod") is not None:
            return Kind.UNKNOWN  # a user's own `classmethod`
        cls = owner.node
        return Kind.MAPPED_CLASS if self._mapped_class(cls, owner.parent, seen) else Kind.UNKNOWN

    def _with_source(self, value: cst.BaseExpression, seen: Set[int]) -> str:
        # `with conn.begin() as trans` binds the Transaction; `with engine.begin() as conn` a Connection.
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "begin":
            receiver = self._kind(value.func.value, seen)
            if receiver == Kind.ENGINE:
                return Kind.CONNECTION
            if receiver == Kind.CONNECTION:
                return Kind.TRANSACTION
            if receiver in (Kind.SESSION, Kind.SCOPED_SESSION):
                return Kind.SESSION_TRANSACTION
            if receiver == Kind.SESSIONMAKER:
                return Kind.SESSION
            return Kind.UNKNOWN
        source = self._kind(value, seen)
        return WITH_TARGETS.get(source, Kind.UNKNOWN)


def _unquoted(annotation: cst.BaseExpression) -> cst.BaseExpression:
    """``"Connection"`` (a string annotation) → the expression it spells, when that is a plain name."""
    if isinstance(annotation, cst.SimpleString):
        text = annotation.evaluated_value
        if isinstance(text, str) and text.replace(".", "").isidentifier():
            try:
                return cst.parse_expression(text)
            except cst.ParserSyntaxError:
                return annotation
    return annotation


def _project_roots(index) -> Set[str]:
    roots = getattr(index, "_roots", None)
    if roots is None:
        roots = {m.split(".")[0] for m in index.modules}
        index._roots = roots
    return roots
