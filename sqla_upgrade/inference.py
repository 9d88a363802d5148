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

from typing import Dict, FrozenSet, Optional, Set, Tuple

import libcst as cst

from sqla_upgrade.kinds import (
    ANNOTATIONS,
    ATTRIBUTES,
    CONSTRUCTORS,
    METHODS,
    QUERY_ROW_METHODS,
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
                return Kind.ROWS if _is_slice(node) else Kind.ROW
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
            if receiver == Kind.QUERY and func.attr.value in QUERY_ROW_METHODS and self.query_yields_rows(func.value):
                return QUERY_ROW_METHODS[func.attr.value]
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
                if source == Kind.QUERY and self.query_yields_rows(b.value):
                    return Kind.ROW
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


    # -- Rows: Query rows, and where a Row comes from ----------------------------------------------------

    def query_yields_rows(self, node: cst.BaseExpression, _seen: Optional[Set[int]] = None) -> bool:
        """Whether ``node`` (an expression of kind Query) yields Row tuples rather than mapped instances:
        its entities (``query(...)``, ``with_entities(...)``) are several, or one column expression
        (``A.id`` of a mapped class the index knows the column of, ``t.c.x``, ``func.count()``,
        ``x.label()``); ``add_columns()``/``add_entity()`` always make tuples. ``query(A)`` does not,
        nor does anything this cannot see (a Query passed in, a Bundle)."""
        seen = _seen if _seen is not None else set()
        if id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, cst.Name):
            found = self.names.lookup(node.value)
            if found is None or not found[1]:
                return False
            for b in found[1]:
                if b.kind != BindingKind.ASSIGN or b.value is None:
                    return False
                with self.names.within(b.scope):
                    if not self.query_yields_rows(b.value, seen):
                        return False
            return True
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)):
            return False
        method = node.func.attr.value
        if method in ("add_columns", "add_column", "add_entity"):
            return True
        if method in ("query", "with_entities"):
            args = node.args
            if not args or any(a.star or a.keyword is not None for a in args):
                return False
            return len(args) > 1 or self.column_expression(args[0].value)
        if (Kind.QUERY, method) in METHODS and METHODS[(Kind.QUERY, method)] == Kind.QUERY:
            return self.query_yields_rows(node.func.value, seen)
        return False

    def column_expression(self, node: cst.BaseExpression) -> bool:
        """Whether ``node``, given to ``query()``, is provably a column expression, not an entity."""
        if isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value == "label":
                return True  # ColumnElement.label(), Select/Query.label(): a column either way
            qualified = self.names.qualified_names(func) if isinstance(func, (cst.Name, cst.Attribute)) else set()
            return LOCAL not in qualified and any(q in _COLUMN_FUNCTIONS or q.startswith(_FUNC_PREFIXES) for q in qualified)
        if isinstance(node, cst.BinaryOperation):
            return self.column_expression(node.left) or self.column_expression(node.right)
        if isinstance(node, cst.Attribute):
            owner = node.value
            if isinstance(owner, cst.Attribute) and owner.attr.value in ("c", "columns"):
                return self.kind_of(owner.value) in (Kind.FROMCLAUSE, Kind.SUBQUERY, Kind.JOIN)
            index = self.names.index
            if index is None or not isinstance(owner, (cst.Name, cst.Attribute)):
                return False
            qualified = self._class_names(owner)
            if not qualified:
                return False
            for q in qualified:
                facts = index.class_facts(q)  # type: ignore[attr-defined]
                if facts is None or node.attr.value not in facts.columns or index.kind(q) != Kind.MAPPED_CLASS:  # type: ignore[attr-defined]
                    return False
            return True
        return False

    def _class_names(self, node: cst.BaseExpression) -> Set[str]:
        """Qualified names of ``node`` for the project index: a class of this module's own is named by the
        module's dotted name (the index holds this module's facts too)."""
        qualified = self.names.qualified_names(node)
        if LOCAL not in qualified:
            return qualified
        if not (isinstance(node, cst.Name) and self.names.module_name):
            return set()
        found = self.names.lookup(node.value)
        if found is None or not found[0].is_module or not all(b.kind == BindingKind.CLASS for b in found[1]):
            return set()
        return {f"{self.names.module_name}.{node.value}"}

    def row_origin(self, node: cst.BaseExpression) -> Optional[FrozenSet[str]]:
        """Where the Row ``node`` evaluates to (when it is one) comes from: the kinds of the receivers of the
        ``execute()`` calls whose results it was fetched from (Connection, Engine, Session, ...; FOREIGN for
        a receiver rooted in another library's object, UNKNOWN for one not proven), ``Query`` for a Query's
        rows, :data:`ANNOTATED` for a parameter annotated Row. None when some binding on the way does not
        flow from an execute() at all (a dict, a value passed in unannotated). Codemods use it where 1.4's
        rows differed by origin, and to tell a likely 1.x row among unproven values."""
        return self._origin(node, "row", frozenset())

    def _origin(self, node: cst.BaseExpression, role: str, seen: FrozenSet[int]) -> Optional[FrozenSet[str]]:
        if id(node) in seen:
            return None
        seen = seen | {id(node)}
        if isinstance(node, cst.Name):
            found = self.names.lookup(node.value)
            if found is None or not found[1]:
                return None
            out: Set[str] = set()
            for b in found[1]:
                with self.names.within(b.scope):
                    if b.kind == BindingKind.ASSIGN and b.value is not None:
                        got = self._origin(b.value, role, seen)
                    elif b.kind == BindingKind.FOR and b.value is not None and role == "row":
                        got = self._origin(b.value, "result", seen) or self._origin(b.value, "rows", seen)
                    elif b.kind in (BindingKind.PARAM, BindingKind.ANNASSIGN) and b.annotation is not None:
                        got = frozenset({ANNOTATED}) if self._binding_kind(b, set()) == _ROLE_KINDS[role] else None
                    else:
                        got = None
                if got is None:
                    return None
                out |= got
            return frozenset(out)
        call = node if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) else None
        if role == "row":
            if call is not None and call.func.attr.value in _ROW_FETCHES:  # type: ignore[attr-defined]
                return self._origin(call.func.value, "result", seen)  # type: ignore[attr-defined]
            if isinstance(node, cst.Subscript) and not _is_slice(node):
                return self._origin(node.value, "rows", seen)
            return None
        if role == "rows":
            if call is not None and call.func.attr.value in _ROWS_FETCHES:  # type: ignore[attr-defined]
                return self._origin(call.func.value, "result", seen)  # type: ignore[attr-defined]
            if isinstance(node, cst.Subscript) and _is_slice(node):
                return self._origin(node.value, "rows", seen)
            return None
        if call is not None and call.func.attr.value in ("execute", "exec_driver_sql"):  # type: ignore[attr-defined]
            receiver = call.func.value  # type: ignore[attr-defined]
            kind = self.kind_of(receiver)
            if kind == Kind.UNKNOWN and self._foreign_rooted(receiver, frozenset()):
                kind = Kind.FOREIGN
            return frozenset({kind})
        if self.kind_of(node) == Kind.QUERY:
            return frozenset({Kind.QUERY})
        return None

    def _foreign_rooted(self, node: cst.BaseExpression, seen: FrozenSet[int]) -> bool:
        """Whether ``node`` is reached from a value proven not SQLAlchemy's (``sqlite3.connect(...).cursor()``,
        a name assigned one): a method of another library's object returns that library's objects."""
        if id(node) in seen:
            return False
        seen = seen | {id(node)}
        if self.kind_of(node) == Kind.FOREIGN:
            return True
        if isinstance(node, cst.Call):
            return self._foreign_rooted(node.func, seen)
        if isinstance(node, (cst.Attribute, cst.Subscript)):
            return self._foreign_rooted(node.value, seen)
        if isinstance(node, cst.Name):
            found = self.names.lookup(node.value)
            if found is None:
                return False
            for b in found[1]:
                if b.kind == BindingKind.ASSIGN and b.value is not None:
                    with self.names.within(b.scope):
                        if self._foreign_rooted(b.value, seen):
                            return True
        return False


#: what row_origin() gives for a Row that is a parameter (or variable) annotated Row/RowProxy
ANNOTATED = "annotated"
_ROW_FETCHES = frozenset({"first", "one", "one_or_none", "fetchone"})
_ROWS_FETCHES = frozenset({"fetchall", "all", "fetchmany"})
_ROLE_KINDS = {"row": Kind.ROW, "rows": Kind.ROWS, "result": Kind.RESULT}
_COLUMN_FUNCTIONS = frozenset(
    q
    for name in ("literal_column", "literal", "cast", "distinct", "label", "case", "type_coerce", "null", "true", "false", "column", "bindparam")
    for q in (f"sqlalchemy.{name}", f"sqlalchemy.sql.{name}", f"sqlalchemy.sql.expression.{name}")
)
_FUNC_PREFIXES = ("sqlalchemy.func.", "sqlalchemy.sql.func.", "sqlalchemy.sql.expression.func.", "sqlalchemy.sql.functions.func.")


def _is_slice(node: cst.Subscript) -> bool:
    return any(isinstance(e.slice, cst.Slice) for e in node.slice)


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
