"""1.x Row access as a mapping → the 2.0 ``row._mapping`` forms (catalogue §1.D, §2f "Rows").

A 2.0 ``Row`` is a named tuple: ``row["k"]``, ``row[col]``, ``row.keys()``, ``row.items()``, ``row.values()``,
``row.has_key(k)``, ``row.iterkeys()``/``itervalues()`` and ``dict(row)`` raise, and ``"k" in row`` tests the
values, quietly giving False. ``row._mapping`` (1.4 and 2.0) keeps the 1.x meaning of every one of them.

Rewritten, safe, only where receiver inference proves the value a Row: a loop target over a Result or a
list of rows, ``.first()``/``.one()``/``.one_or_none()``/``.fetchone()`` of a Result, an element of
``.fetchall()``/``.all()``/``.fetchmany()``, a parameter annotated ``Row``/``RowProxy``/``LegacyRow``, and the
rows of a Query whose entities make them Row tuples (several entities, or one column expression:
``session.query(A.id, A.name)``; never ``session.query(A)``, whose rows are ``A`` instances):

* ``row["k"]`` / ``row[t.c.k]`` / ``row[A.k]`` → ``row._mapping[...]``, when the key is proven a string or
  a column; integer indexes and slices are valid 2.0 and stay, and so does ``row.k``;
* ``row.keys()`` / ``row.items()`` / ``row.values()`` → ``row._mapping.keys()`` ...;
  ``row.has_key(k)`` → ``k in row._mapping``; ``row.iterkeys()`` → ``iter(row._mapping)``;
  ``row.itervalues()`` → ``iter(row._mapping.values())``; ``dict(row)`` → ``dict(row._mapping)``.

``k in row`` (a silent change) is an unsafe fix to ``k in row._mapping`` for rows of a Connection or
Engine: 1.x tested the keys there, except on a 1.4 ``create_engine(future=True)`` engine, whose rows already
tested values (a fix that cannot be checked here). For Session.execute() rows (values in 1.4, keys in 1.3)
and annotated rows it is reported; a Query's rows tested values in 1.3 and 1.4 alike: nothing to do.

Reported, never rewritten: a proven Row indexed by a key that is neither proven an integer nor a string or
column (``row[key]``: right only if ``key`` is an integer). And the same forms on a value not proven a Row
but fetched from an ``execute()`` result whose receiver is not proven anything (a parameter ``conn``):
in a file that uses SQLAlchemy such a value is most likely a 1.x row, and 2.0 raises (or, for ``in``,
silently differs) there. A value with no such origin (a dict called ``row``, a ``csv.DictReader`` row) is
left alone, and so is one fetched from another library's object (a ``sqlite3`` cursor's rows), or a
Query's result this cannot tell apart from mapped instances.
"""

from __future__ import annotations

from typing import FrozenSet, Optional, Set

import libcst as cst

from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.inference import ANNOTATED
from sqla_upgrade.kinds import Kind
from sqla_upgrade.matchers import bound_bindings, builtin_call
from sqla_upgrade.scopes import BindingKind

#: Row methods that 2.0 moved to ``row._mapping`` under the same name
_MAPPING_METHODS = frozenset({"keys", "items", "values"})
_METHODS = _MAPPING_METHODS | {"has_key", "iterkeys", "itervalues"}
#: receivers that are primaries (``X._mapping`` needs no parentheses), the only ones inference proves Rows
_PRIMARIES = (cst.Name, cst.Call, cst.Subscript)
#: keys that are atoms or primaries (``k in row._mapping`` keeps them whole)
_ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.SimpleString, cst.ConcatenatedString,
          cst.FormattedString, cst.Integer, cst.Float, cst.Tuple, cst.List)
_CORE = frozenset({Kind.CONNECTION, Kind.ENGINE})
_INT, _STR, _COLUMN, _UNKNOWN = "int", "str", "column", "unknown"


class RowAccess(SqlaCodemod):
    ID = "row-access"
    SUMMARY = "row[\"k\"], row.keys(), \"k\" in row, dict(row) on 1.x Rows → the row._mapping forms"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"execute", b"fetch", b"first", b"one", b"all", b"query", b"with_entities", b"Row", b"Result")
    # its methods (`keys()`, `items()`...) are sites only on what may be a Row (detect._row_uses), not on
    # every dict of a SQLAlchemy file
    SITES = Sites(row_uses=True)
    EXAMPLES = (
        Example(
            before="from sqlalchemy import create_engine, text\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "with engine.connect() as conn:\n"
            '    for row in conn.execute(text("SELECT id, name FROM users")):\n'
            '        print(row["name"], row.keys(), dict(row))\n',
            after="from sqlalchemy import create_engine, text\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "with engine.connect() as conn:\n"
            '    for row in conn.execute(text("SELECT id, name FROM users")):\n'
            '        print(row._mapping["name"], row._mapping.keys(), dict(row._mapping))\n',
        ),
        Example(
            before="from sqlalchemy.orm import Session\n\n\ndef names(session: Session):\n"
            "    row = session.query(User.id, User.name).first()\n"
            "    return row.keys(), row[0]\n",
            after="from sqlalchemy.orm import Session\n\n\ndef names(session: Session):\n"
            "    row = session.query(User.id, User.name).first()\n"
            "    return row._mapping.keys(), row[0]\n",
        ),
        Example(
            before="from sqlalchemy import create_engine, select\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "with engine.connect() as conn:\n"
            "    row = conn.execute(select(users)).first()\n"
            '    found = "name" in row\n',
            after="from sqlalchemy import create_engine, select\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "with engine.connect() as conn:\n"
            "    row = conn.execute(select(users)).first()\n"
            '    found = "name" in row._mapping\n',
            unsafe=True,
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: expressions whose position keeps a bare `k in m` whole (a statement, an argument, an operand of
        #: `and`/`or`/`not`): a has_key() call anywhere else becomes `(k in m)`
        self._bare: Set[int] = set()
        #: subscripts that are assigned to or deleted (a Row is read-only: nothing to migrate there)
        self._stores: Set[int] = set()

    # -- positions --------------------------------------------------------------------------------------

    def visit_Expr(self, node: cst.Expr) -> None:
        self._bare.add(id(node.value))

    def visit_Assign(self, node: cst.Assign) -> None:
        self._bare.add(id(node.value))
        self._stores.update(id(t.target) for t in node.targets)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._stores.add(id(node.target))

    def visit_Del(self, node: cst.Del) -> None:
        self._stores.add(id(node.target))

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self._bare.add(id(node.value))

    def visit_If(self, node: cst.If) -> None:
        self._bare.add(id(node.test))

    def visit_While(self, node: cst.While) -> None:
        self._bare.add(id(node.test))

    def visit_Assert(self, node: cst.Assert) -> None:
        self._bare.add(id(node.test))

    def visit_Arg(self, node: cst.Arg) -> None:
        self._bare.add(id(node.value))

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> None:
        self._bare.update((id(node.left), id(node.right)))

    def visit_UnaryOperation(self, node: cst.UnaryOperation) -> None:
        if isinstance(node.operator, cst.Not):
            self._bare.add(id(node.expression))

    # -- what a receiver and a key are --------------------------------------------------------------------

    def _origin(self, node: cst.BaseExpression) -> Optional[FrozenSet[str]]:
        return self.state.inference.row_origin(node)  # type: ignore[union-attr]

    def _receiver(self, node: cst.BaseExpression) -> str:
        """"row" for a proven Row, "likely" for a value fetched from an unproven execute() result (to
        report), "" for anything else."""
        if not isinstance(node, _PRIMARIES):
            return ""
        kind = self.kind_of(node)
        if kind == Kind.ROW:
            return "row"
        if kind != Kind.UNKNOWN:
            return ""
        origin = self._origin(node)
        if origin and not origin & {Kind.FOREIGN, Kind.QUERY, ANNOTATED}:
            return "likely"
        return ""

    def _key(self, key: cst.BaseExpression, depth: int = 0) -> str:
        if isinstance(key, cst.Integer):
            return _INT
        if isinstance(key, cst.UnaryOperation) and isinstance(key.operator, (cst.Minus, cst.Plus)):
            return _INT if self._key(key.expression, depth) == _INT else _UNKNOWN
        if isinstance(key, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            prefix = key.prefix if isinstance(key, (cst.SimpleString, cst.FormattedString)) else ""
            return _UNKNOWN if "b" in prefix.lower() else _STR
        if isinstance(key, cst.BinaryOperation) and depth < 4:
            sides = {self._key(key.left, depth + 1), self._key(key.right, depth + 1)}
            return _INT if sides == {_INT} else (_STR if sides == {_STR} and isinstance(key.operator, cst.Add) else _UNKNOWN)
        if isinstance(key, cst.Name) and depth < 4:
            return self._name_key(key, depth)
        if self.state.inference.column_expression(key):  # type: ignore[union-attr]
            return _COLUMN
        return _UNKNOWN

    def _name_key(self, key: cst.Name, depth: int) -> str:
        found = self.state.names.lookup(key.value)  # type: ignore[union-attr]
        if found is not None and found[1] and all(
            b.kind == BindingKind.FOR and builtin_call(b.value, self.state.names, "range") for b in found[1]  # type: ignore[arg-type]
        ):
            return _INT
        if found is not None and found[1] and all(b.kind == BindingKind.FOR and self._keys_call(b) for b in found[1]):
            return _STR  # `for k in row.keys(): row[k]`: a Row's (or a Result's) keys are its column names
        bindings = bound_bindings(key, self.state.names)  # type: ignore[arg-type]
        if not bindings:
            return _UNKNOWN
        kinds = set()
        for b in bindings:
            with self.state.names.within(b.scope):  # type: ignore[union-attr]
                kinds.add(self._key(b.value, depth + 1))
        return kinds.pop() if len(kinds) == 1 else _UNKNOWN

    def _keys_call(self, binding) -> bool:
        value = binding.value
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "keys"):
            return False
        with self.state.names.within(binding.scope):  # type: ignore[union-attr]
            return self.kind_of(value.func.value) in (Kind.ROW, Kind.RESULT)

    @staticmethod
    def _mapping(receiver: cst.BaseExpression) -> cst.Attribute:
        return cst.Attribute(value=receiver, attr=cst.Name("_mapping"))

    def _likely(self, node: cst.CSTNode, form: str, fix: str) -> None:
        self.report(
            node,
            f"{form} on what looks like a 1.x Row (fetched from an execute() result whose receiver is not proven "
            f"a Connection or Session): 2.0 Rows are named tuples, use {fix} if it is one",
        )

    # -- row[key] -----------------------------------------------------------------------------------------

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        if id(original_node) in self._stores or len(original_node.slice) != 1:
            return updated_node
        element = original_node.slice[0]
        if not isinstance(element.slice, cst.Index) or element.slice.star is not None:
            return updated_node
        receiver = self._receiver(original_node.value)
        if not receiver:
            return updated_node
        key = self._key(element.slice.value)
        if key == _INT:
            return updated_node
        if receiver == "likely":
            if key in (_STR, _COLUMN):
                self._likely(original_node, "row[key] with a string or column key", "row._mapping[key]")
            return updated_node
        if key == _UNKNOWN:
            self.report(
                original_node,
                "row[key] on a Row: 2.0 Rows are named tuples, a string or Column key needs row._mapping[key] "
                "(an integer index is fine; this key is not proven either)",
            )
            return updated_node
        return updated_node.with_changes(value=self._mapping(updated_node.value))

    # -- row.keys() ..., dict(row) ------------------------------------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _METHODS:
            return self._method(original_node, updated_node, func.attr.value)
        if builtin_call(original_node, self.state.names, "dict") and original_node.args:  # type: ignore[arg-type]
            return self._dict(original_node, updated_node)
        return updated_node

    def _method(self, original: cst.Call, updated: cst.Call, method: str) -> cst.BaseExpression:
        args = original.args
        if any(a.star or a.keyword is not None for a in args) or len(args) != (1 if method == "has_key" else 0):
            return updated
        func = original.func
        assert isinstance(func, cst.Attribute)
        receiver = self._receiver(func.value)
        if not receiver:
            return updated
        new_func = updated.func
        assert isinstance(new_func, cst.Attribute)
        row = new_func.value
        if method in _MAPPING_METHODS:
            if receiver == "likely":
                self._likely(original, f"row.{method}()", f"row._mapping.{method}()")
                return updated
            return updated.with_changes(func=new_func.with_changes(value=self._mapping(row)))
        if method == "has_key":
            if receiver == "likely":
                self._likely(original, "row.has_key(k)", "k in row._mapping")
                return updated
            key = updated.args[0].value
            if not isinstance(key, _ATOMS) and not key.lpar:
                key = key.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
            bare = bool(updated.lpar) or id(original) in self._bare
            return cst.Comparison(
                left=key,
                comparisons=[cst.ComparisonTarget(operator=cst.In(), comparator=self._mapping(row))],
                lpar=list(updated.lpar) if bare else [cst.LeftParen()],
                rpar=list(updated.rpar) if bare else [cst.RightParen()],
            )
        fix = "iter(row._mapping)" if method == "iterkeys" else "iter(row._mapping.values())"
        if receiver == "likely":
            self._likely(original, f"row.{method}()", fix)
            return updated
        mapping = self._mapping(row)
        if method == "itervalues":
            mapping = cst.Call(func=cst.Attribute(value=mapping, attr=cst.Name("values")))
        return cst.Call(func=cst.Name("iter"), args=[cst.Arg(mapping)], lpar=updated.lpar, rpar=updated.rpar)

    def _dict(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        first = original.args[0]
        if first.star or first.keyword is not None:
            return updated
        receiver = self._receiver(first.value)
        if receiver == "likely":
            self._likely(original, "dict(row)", "dict(row._mapping)")
        if receiver != "row":
            return updated
        arg = updated.args[0]
        return updated.with_changes(args=[arg.with_changes(value=self._mapping(arg.value)), *updated.args[1:]])

    # -- k in row -----------------------------------------------------------------------------------------

    def leave_Comparison(self, original_node: cst.Comparison, updated_node: cst.Comparison) -> cst.BaseExpression:
        targets = list(updated_node.comparisons)
        changed = False
        for i, target in enumerate(original_node.comparisons):
            if not isinstance(target.operator, (cst.In, cst.NotIn)):
                continue
            receiver = self._receiver(target.comparator)
            if not receiver:
                continue
            if receiver == "likely":
                self._likely(original_node, "`k in row`", "`k in row._mapping` (2.0 tests a Row's values, silently)")
                continue
            origin = self._origin(target.comparator) or frozenset()
            if origin and origin <= {Kind.QUERY}:
                continue  # a Query's rows tested their values in 1.3 and 1.4 too
            if not origin or not origin <= _CORE:
                self.report(
                    original_node,
                    "`k in row` tests a 2.0 Row's values, silently: use `k in row._mapping` to test its keys, "
                    "as 1.3 did (Session.execute() rows already tested values in 1.4)",
                )
                continue
            if not self.allow_unsafe(
                original_node,
                "`k in row` tested a 1.x Row's keys and tests a 2.0 Row's values (silently False): "
                "`k in row._mapping` keeps 1.x (unless the engine was 1.4's future=True, whose rows already "
                "tested values)",
            ):
                continue
            targets[i] = targets[i].with_changes(comparator=self._mapping(targets[i].comparator))
            changed = True
        return updated_node.with_changes(comparisons=targets) if changed else updated_node
