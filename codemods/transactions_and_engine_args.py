"""Engine and type arguments that 2.0 removed, `URL(...)`, and the Connection transaction patterns that
2.0 rejects or runs differently.

Each keyword was run on SQLAlchemy 1.4.54 (warnings as errors) and 2.0.58 / 2.1.9:

=====================================  ===============================  =====================================
1.x                                    1.4                              2.0 / 2.1
=====================================  ===============================  =====================================
`create_engine(future=True)`           2.0 semantics                    accepted, ignored
`create_engine(future=False)`          legacy engine                    ArgumentError
`create_engine(convert_unicode=...)`   SADeprecationWarning             TypeError (invalid argument)
`create_engine(encoding=...)`          accepted (dialect encoding)      TypeError (invalid argument)
`create_engine(case_sensitive=...)`    SADeprecationWarning             TypeError (invalid argument)
`create_engine(empty_in_strategy=..)`  warning: "no longer has any      warning, no effect
                                       effect"
`create_engine(strategy="mock", executor=f)`  warning                   warning (works)
`create_engine(strategy="plain")`      ArgumentError (unknown)          ArgumentError
`create_engine(server_side_cursors=)`  warning                          warning (works)
`String(convert_unicode=...)` (and     SADeprecationWarning             TypeError
Unicode, Text, VARCHAR, CHAR, ...)
`String(unicode_error=...)`            SADeprecationWarning             TypeError
`Unicode(_warn_on_bytestring=...)`     accepted                         TypeError
`Enum(convert_unicode=...)`            SADeprecationWarning             accepted, ignored
`mysql.ENUM(quoting=...)`              accepted                         TypeError
`URL("postgresql", host="h")`          SADeprecationWarning             TypeError (URL is a named tuple)
=====================================  ===============================  =====================================

Rewritten, safe, on calls matched by qualified name (`create_engine`/`engine_from_config`, the string
types of `sqlalchemy`, `sqlalchemy.types` and the dialects, `sqlalchemy.engine.URL`):

* `future=True` dropped (every 2.0 engine is one). The connection-autocommit codemod reads `future=True`
  to leave such engines' connections alone: this codemod runs after it.
* `convert_unicode=` dropped: on Python 3 every DBAPI returns str, 1.4 already did nothing with it.
* `encoding="utf8"` / `"utf-8"` (any spelling Python's codecs call utf-8) dropped: utf-8 was the default.
* `case_sensitive=True` (the default) and `empty_in_strategy=...` (no effect since 1.4) dropped.
* `strategy="mock", executor=f` → `create_mock_engine(url, executor=f)`, which is what 1.4 built.
* `convert_unicode=True/False` and `_warn_on_bytestring=` of the string types and of Enum dropped (on
  Python 3 every DBAPI binds and returns str, so 1.4 did nothing with them but warn).
* `URL(...)` → `URL.create(...)`, same arguments in the same order (1.3's `URL.__init__` and 1.4's
  `URL.create` have one signature).

A dropped argument's value must be a literal, a name or an attribute (dropping a call would drop its
effects); otherwise, and when a comment sits in it, it is reported.

Reported: `future=False` (2.0 raises; the code relies on 1.x semantics: see engine-execute and
connection-autocommit) and a `future=` that is not a literal; `encoding=` other than utf-8 (1.4 still
used it in a few dialect paths: cx_Oracle, psycopg2 executemany, decoding bytes; set the driver's own
encoding argument instead); `case_sensitive=False` (2.0 result rows are case-sensitive; code reading
`row["NAME"]` for a column `name` must change); another `strategy=`; `server_side_cursors=True` (still
accepted by 2.0 with a warning; `execution_options={"stream_results": True}` on the engine would also
stream the statements it did not, writes and non-SELECT text, so it is named, not written);
`mysql.ENUM(quoting=...)` (2.0 no longer strips the quotes of values written quoted);
`String(convert_unicode="force")` and the `unicode_error=` that only goes with it: 1.4 encoded every bound
value to bytes (verified: SQLite stored BLOBs, `typeof(b) = 'blob'`) and decoded what it read, so dropping
it leaves the rows already written reading back as bytes (the catalogue's "safe" holds only for True).

Transactions, reported (flow within one function body, straight-line and through if/for/try/with):

* a `conn.begin()` while a transaction is already begun on the same connection (`with engine.begin()
  as conn: with conn.begin(): ...`, `t1 = conn.begin(); t2 = conn.begin()`): a 1.x "marker" transaction
  that did nothing, 2.0 raises InvalidRequestError (8s2a);
* a `conn.begin()` after a `conn.execute()` of a SELECT on a connection from `engine.connect()`: 1.x ran
  the SELECT without a transaction, 2.0 autobegins one and then `begin()` raises (commit() or rollback()
  first, or begin() first);
* `conn.begin_nested()` with no transaction begun: 1.x began a real transaction that the block's end
  committed; 2.0 autobegins an outer transaction that the SAVEPOINT's release does not commit, so the
  work is rolled back when the connection closes (SQLite's driver commits it anyway, so only a finding).

All verified with tests/differential/programs/transactions_and_engine_args_*.py.
"""

from __future__ import annotations

import codecs
from typing import Dict, List, Optional, Sequence, Set, Tuple

import libcst as cst

from sqla_upgrade.autocommit import Commits, statement_commits
from sqla_upgrade.chain import comments_within
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind

_ENGINE_MODULES = ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.engine.create", "sqlalchemy.future")
ENGINE_CALLS = frozenset(f"{m}.{f}" for m in _ENGINE_MODULES for f in ("create_engine", "engine_from_config"))
URL_CLASSES = frozenset({"sqlalchemy.engine.url.URL", "sqlalchemy.engine.URL"})

_STRING_TYPES = (
    "String", "Unicode", "Text", "UnicodeText", "VARCHAR", "CHAR", "NVARCHAR", "NCHAR", "CLOB", "TEXT",
    "NTEXT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT", "Enum", "ENUM", "SET",
)
_TYPE_MODULES = ("sqlalchemy", "sqlalchemy.types", "sqlalchemy.sql.sqltypes")
_DIALECTS = ("mysql", "postgresql", "sqlite", "oracle", "mssql")
TYPE_CALLS = frozenset(
    f"{m}.{t}"
    for t in _STRING_TYPES
    for m in _TYPE_MODULES + tuple(f"sqlalchemy.dialects.{d}" for d in _DIALECTS)
    + tuple(f"sqlalchemy.dialects.{d}.types" for d in _DIALECTS)
)
_TYPE_KEYWORDS = ("convert_unicode", "unicode_error", "_warn_on_bytestring")

_PLAIN = (cst.Name, cst.Attribute, cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float)

# -- connection states of the flow analysis
_OPEN = "a transaction is begun"
_CLOSED = "no transaction"
_AUTOBEGUN = "autobegun by an execute() in 2.0"


def _literal(node: cst.BaseExpression) -> object:
    """The value of a str/bool/None literal, else a sentinel."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return node.evaluated_value
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    return _literal


def _is_utf8(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return codecs.lookup(value).name == "utf-8"
    except LookupError:
        return False


def _plain(node: cst.BaseExpression) -> bool:
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, _PLAIN)


def _drop(call: cst.Call, drop: Set[int]) -> cst.Call:
    """``call`` without the arguments at the indices ``drop``; the new last argument takes the old last
    one's comma (none, or a trailing comma before a line break)."""
    args = list(call.args)
    kept = [a for i, a in enumerate(args) if i not in drop]
    if kept and kept[-1] is not args[-1]:
        kept[-1] = kept[-1].with_changes(comma=args[-1].comma, whitespace_after_arg=args[-1].whitespace_after_arg)
    return call.with_changes(args=kept)


class TransactionsAndEngineArgs(SqlaCodemod):
    ID = "transactions-and-engine-args"
    SUMMARY = "create_engine()/type keywords removed in 2.0, URL() → URL.create(), nested and SAVEPOINT-only Connection.begin()"
    SAFETY = Safety.SAFE
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    TRIGGERS = (
        b"create_engine", b"engine_from_config", b"URL", b"convert_unicode", b"unicode_error",
        b"_warn_on_bytestring", b"quoting", b"begin",
    )
    SITES = Sites(calls=ENGINE_CALLS | URL_CLASSES | TYPE_CALLS, methods=frozenset({"begin", "begin_nested"}))
    EXAMPLES = (
        Example(
            before="from sqlalchemy import Column, MetaData, String, Table, create_engine\n\n"
            'engine = create_engine("sqlite:///app.db", future=True, convert_unicode=True, encoding="utf8")\n'
            'users = Table("users", MetaData(), Column("name", String(50, convert_unicode=True)))\n',
            after="from sqlalchemy import Column, MetaData, String, Table, create_engine\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            'users = Table("users", MetaData(), Column("name", String(50)))\n',
        ),
        Example(
            before="from sqlalchemy import create_engine\nfrom sqlalchemy.engine.url import URL\n\n"
            'url = URL("postgresql", username="app", host="db", database="app")\n'
            'mock = create_engine("postgresql://", strategy="mock", executor=dump)\n',
            after="from sqlalchemy import create_mock_engine, create_engine\nfrom sqlalchemy.engine.url import URL\n\n"
            'url = URL.create("postgresql", username="app", host="db", database="app")\n'
            'mock = create_mock_engine("postgresql://", executor=dump)\n',
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._def_bodies: Set[int] = set()

    # -- create_engine(), types, URL --------------------------------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not isinstance(func, (cst.Name, cst.Attribute)) or len(updated_node.args) != len(original_node.args):
            return updated_node
        qualified = self.qualified_names(func)
        if qualified & ENGINE_CALLS and len(qualified) == 1:
            return self._engine_args(original_node, updated_node, next(iter(qualified)).endswith("create_engine"))
        if qualified & TYPE_CALLS and len(qualified) == 1:
            return self._type_args(original_node, updated_node, next(iter(qualified)))
        if qualified & URL_CLASSES and len(qualified) == 1:
            return updated_node.with_changes(func=cst.Attribute(value=updated_node.func, attr=cst.Name("create")))
        return updated_node

    def _droppable(self, arg: cst.Arg, what: str) -> bool:
        if _plain(arg.value) and not comments_within(arg):
            return True
        self.report(arg, f"{what} (not dropped here: its value is computed, or a comment sits in it)")
        return False

    def _engine_args(self, original: cst.Call, updated: cst.Call, is_create_engine: bool) -> cst.BaseExpression:
        drop: Set[int] = set()
        mock: Optional[int] = None
        for i, arg in enumerate(original.args):
            if arg.keyword is None:
                continue
            name, value = arg.keyword.value, _literal(arg.value)
            if name == "future":
                if value is True:
                    drop.add(i)
                else:
                    self.report(
                        arg,
                        "create_engine(future=...) other than True: 2.0 raises ArgumentError, every 2.0 engine is a "
                        "future engine; migrate the code that relies on 1.x execution semantics, then drop it",
                    )
            elif name == "convert_unicode":
                if self._droppable(arg, "create_engine(convert_unicode=) is removed in 2.0 (TypeError)"):
                    drop.add(i)
            elif name == "encoding":
                if _is_utf8(value):
                    drop.add(i)
                else:
                    self.report(
                        arg,
                        "create_engine(encoding=) is removed in 2.0 (TypeError); 1.4 still used a non-utf-8 encoding "
                        "in a few dialect paths (cx_Oracle, psycopg2 executemany, bytes decoding): pass the "
                        "driver's own encoding argument (connect_args) instead",
                    )
            elif name == "case_sensitive":
                if value is True:
                    drop.add(i)
                else:
                    self.report(
                        arg,
                        "create_engine(case_sensitive=) is removed in 2.0 (TypeError): result rows are always "
                        "case-sensitive; code that reads columns in another case (row['NAME'] for name) must change",
                    )
            elif name == "empty_in_strategy":
                if self._droppable(arg, "create_engine(empty_in_strategy=) has no effect since 1.4"):
                    drop.add(i)
            elif name == "strategy":
                if value == "mock" and is_create_engine:
                    mock = i
                else:
                    self.report(
                        arg,
                        "create_engine(strategy=) accepts only 'mock' (1.4 and 2.0): use create_mock_engine(url, "
                        "executor) for it; the other strategies are gone (threadlocal since 1.4)",
                    )
            elif name == "server_side_cursors":
                self.report(
                    arg,
                    "create_engine(server_side_cursors=) is deprecated (2.0 still accepts it): use "
                    ".execution_options(stream_results=True) on the queries to stream, or yield_per(); "
                    "execution_options={'stream_results': True} on the engine would also stream writes and "
                    "non-SELECT text, which server_side_cursors did not",
                )
        if mock is not None:
            return self._mock_engine(original, updated, drop | {mock})
        if not drop:
            return updated
        return _drop(updated, drop)

    def _mock_engine(self, original: cst.Call, updated: cst.Call, drop: Set[int]) -> cst.BaseExpression:
        if not any(a.keyword is not None and a.keyword.value == "executor" for a in original.args):
            self.report(original, "create_engine(strategy='mock') without executor=: use create_mock_engine(url, executor)")
            return updated
        func = updated.func
        if isinstance(func, cst.Attribute):  # sa.create_engine → sa.create_mock_engine, from the same module
            ref: Optional[cst.BaseExpression] = func.with_changes(attr=cst.Name("create_mock_engine"))
        else:
            ref = self.sqla_ref_here("create_mock_engine")
        if ref is None:
            self.report(original, "create_engine(strategy='mock') is deprecated: use create_mock_engine(url, executor)")
            return updated
        return _drop(updated, drop).with_changes(func=ref)

    def _type_args(self, original: cst.Call, updated: cst.Call, qualified: str) -> cst.BaseExpression:
        drop: Set[int] = set()
        name = qualified.rsplit(".", 1)[1]
        force = any(
            a.keyword is not None and a.keyword.value == "convert_unicode" and _literal(a.value) == "force"
            for a in original.args
        )
        for i, arg in enumerate(original.args):
            if arg.keyword is None:
                continue
            keyword = arg.keyword.value
            if force or (keyword in ("convert_unicode", "unicode_error") and _literal(arg.value) not in (True, False)):
                if keyword in _TYPE_KEYWORDS:
                    self.report(
                        arg,
                        f"{name}({keyword}=) is removed in 2.0 (TypeError); with convert_unicode='force' 1.x encoded "
                        "every value to bytes before binding it (SQLite stored BLOBs) and decoded what it read: 2.0 "
                        "does neither, so rows already written read back as bytes; convert the column's data, then "
                        "drop the argument",
                    )
            elif keyword in _TYPE_KEYWORDS:
                if self._droppable(arg, f"{name}({keyword}=) is removed in 2.0"):
                    drop.add(i)
            elif keyword == "quoting" and name in ("ENUM", "SET") and ".mysql" in qualified:
                self.report(
                    arg,
                    f"mysql.{name}(quoting=) is removed in 2.0 (TypeError): values are no longer unquoted; write "
                    "them without quotes and drop quoting=",
                )
        if not drop:
            return updated
        return _drop(updated, drop)

    # -- transactions: where the flow analysis runs ------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> None:
        _Flow(self).block(node.body, {})

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._def_bodies.add(id(node.body))

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        # A def's body: the traversal has entered its scope here, so names resolve as in the function.
        if id(node) in self._def_bodies:
            self._def_bodies.discard(id(node))
            _Flow(self).block(node.body, {})


class _Flow:
    """What is known of each connection's transaction, statement after statement, within one body (a
    name absent from the state: unknown, nothing is reported)."""

    def __init__(self, codemod: TransactionsAndEngineArgs) -> None:
        self.codemod = codemod
        #: transaction variable → its connection and what was known of it before (`t = conn.begin()`)
        self.transactions: Dict[str, Tuple[str, Optional[str]]] = {}

    def block(self, body: Sequence[cst.CSTNode], state: Dict[str, str]) -> Dict[str, str]:
        for stmt in body:
            state = self.statement(stmt, state)
        return state

    def statement(self, stmt: cst.CSTNode, state: Dict[str, str]) -> Dict[str, str]:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self.small(small, state)
            return state
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            return state  # its own body is analysed on its own
        if isinstance(stmt, cst.With):
            return self.with_(stmt, state)
        if isinstance(stmt, cst.If):
            branches = [self.block(_body(stmt.body), dict(state))]
            branches.append(self.statement(stmt.orelse, dict(state)) if isinstance(stmt.orelse, cst.If) else
                            self.block(_body(stmt.orelse.body), dict(state)) if stmt.orelse else dict(state))
            return _merge(branches)
        if isinstance(stmt, (cst.For, cst.While)):
            self._calls(stmt.iter if isinstance(stmt, cst.For) else stmt.test, state)
            return _merge([state, self.block(_body(stmt.body), dict(state))])
        if isinstance(stmt, (cst.Try, cst.TryStar)):
            done = self.block(_body(stmt.body), dict(state))
            start = _merge([state, done])
            ends = [self.block(_body(h.body), dict(start)) for h in stmt.handlers]
            ends.append(self.block(_body(stmt.orelse.body), done) if stmt.orelse else done)
            end = _merge(ends)
            return self.block(_body(stmt.finalbody.body), end) if stmt.finalbody else end
        return {}  # match, async statements, ...: unknown from here on

    def with_(self, stmt: cst.With, state: Dict[str, str]) -> Dict[str, str]:
        inner = dict(state)
        begun: Dict[str, Optional[str]] = {}  # connection → what was known before its begin()
        scoped: List[str] = []
        for item in stmt.items:
            call = item.item
            target = item.asname.name.value if item.asname and isinstance(item.asname.name, cst.Name) else None
            method, receiver, kind = self._method(call)
            if method == "begin" and kind == Kind.ENGINE and target:
                inner[target] = _OPEN
                scoped.append(target)
            elif method == "connect" and kind == Kind.ENGINE and target:
                inner[target] = _CLOSED
                scoped.append(target)
            elif method in ("begin", "begin_nested") and kind == Kind.CONNECTION and receiver:
                if method == "begin":
                    begun[receiver] = inner.get(receiver)
                self._transaction_call(call, method, receiver, inner)  # type: ignore[arg-type]
            else:
                self._calls(call, inner)
        after = self.block(_body(stmt.body), inner)
        for name, before in begun.items():
            _ended(after, name, before)
        for name in scoped:
            after.pop(name, None)
        return after

    # -- simple statements -------------------------------------------------------------------------------

    def small(self, small: cst.BaseSmallStatement, state: Dict[str, str]) -> None:
        target = None
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            target = small.targets[0].target.value
            value = small.value
            method, receiver, kind = self._method(value)
            if method == "connect" and kind == Kind.ENGINE:
                state[target] = _CLOSED
                return
            if method == "begin" and kind == Kind.CONNECTION and receiver:
                before = state.get(receiver)
                self._calls(value, state)
                self.transactions[target] = (receiver, before)
                return
            state.pop(target, None)
            self.transactions.pop(target, None)
        self._calls(small, state)

    def _calls(self, node: cst.CSTNode, state: Dict[str, str]) -> None:
        """The calls in ``node``, inner ones first (the order Python evaluates them in)."""
        flow = self

        class Calls(cst.CSTVisitor):
            def visit_Lambda(self, node: cst.Lambda) -> bool:
                return False

            def leave_Call(self, call: cst.Call) -> None:
                flow.call(call, state)

        node.visit(Calls())

    def call(self, call: cst.Call, state: Dict[str, str]) -> None:
        method, receiver, kind = self._method(call)
        if receiver is None or method is None:
            return
        if receiver in self.transactions and method in ("commit", "rollback", "close"):
            _ended(state, *self.transactions[receiver])
            return
        if kind != Kind.CONNECTION:
            return
        if method in ("begin", "begin_nested"):
            self._transaction_call(call, method, receiver, state)
        elif method in ("commit", "rollback"):
            state[receiver] = _CLOSED
        elif method in ("close", "invalidate", "detach"):
            state.pop(receiver, None)
        elif method in ("execute", "exec_driver_sql", "scalar", "scalars") and state.get(receiver) == _CLOSED:
            statement = call.args[0].value if call.args and not call.args[0].keyword else None
            commits = Commits.UNKNOWN if statement is None else statement_commits(
                statement, self.codemod.kind_of, self.codemod.bound_values
            )
            if commits == Commits.NO:
                state[receiver] = _AUTOBEGUN
            elif commits == Commits.UNKNOWN:
                state.pop(receiver)

    def _transaction_call(self, call: cst.Call, method: str, conn: str, state: Dict[str, str]) -> None:
        now = state.get(conn)
        if method == "begin":
            if now == _OPEN:
                self.codemod.report(
                    call,
                    f"nested {conn}.begin() (a 1.x 'marker' transaction): a transaction is already begun on this "
                    "connection, and 2.0 raises InvalidRequestError here; keep the one begin() at the outermost "
                    "level, or use begin_nested() if a SAVEPOINT was meant",
                    code="8s2a",
                )
            elif now == _AUTOBEGUN:
                self.codemod.report(
                    call,
                    f"{conn}.begin() after {conn}.execute() or {conn}.begin_nested(): 2.0 autobegins a transaction "
                    f"there (1.x did not, or committed it) and begin() then raises InvalidRequestError; call "
                    f"{conn}.commit() or {conn}.rollback() before it, or begin() before the first execute()",
                    code="8s2a",
                )
            state[conn] = _OPEN
        else:
            if now in (_CLOSED, _AUTOBEGUN):
                self.codemod.report(
                    call,
                    f"{conn}.begin_nested() with no transaction begun: 1.x began a real transaction that the "
                    "block's end committed; 2.0 autobegins an outer transaction that releasing the SAVEPOINT does "
                    f"not commit, so the work is rolled back at close: wrap it in `with {conn}.begin():`",
                    code="b8d9",
                )
                state[conn] = _AUTOBEGUN  # 2.0's outer transaction stays after the SAVEPOINT (1.x committed it)

    def _method(self, node: cst.BaseExpression):
        """(method, receiver name, receiver kind) of a `name.method(...)` call; Nones otherwise."""
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)):
            return None, None, None
        value = node.func.value
        kind = self.codemod.kind_of(value)
        return node.func.attr.value, value.value if isinstance(value, cst.Name) else None, kind


def _body(block: cst.BaseSuite) -> Sequence[cst.CSTNode]:
    return block.body if isinstance(block, cst.IndentedBlock) else [block]  # type: ignore[list-item]


def _ended(state: Dict[str, str], conn: str, before: Optional[str]) -> None:
    """A transaction of ``conn`` begun when ``before`` was known ends (commit, rollback, end of its block).
    Begun inside another one, it was a 1.x marker whose end did nothing."""
    if before in (_CLOSED, _AUTOBEGUN):
        state[conn] = _CLOSED
    elif before != _OPEN:
        state.pop(conn, None)


def _merge(states: Sequence[Dict[str, str]]) -> Dict[str, str]:
    first, rest = states[0], states[1:]
    return {k: v for k, v in first.items() if all(s.get(k) == v for s in rest)}
