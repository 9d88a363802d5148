"""Engine inspection and callable helpers removed in 2.0: `engine.table_names()`, `engine.has_table()`,
`Inspector.from_engine(e)` / `Inspector(e)`, `insp.reflecttable()`, `engine.transaction(fn)`,
`engine.run_callable(fn)` and their Connection forms.

Rewritten, safe:

* `engine.table_names(schema=...)` → `inspect(engine).get_table_names(schema=...)` and
  `engine.has_table("t", schema=...)` → `inspect(engine).has_table("t", schema=...)` on a proven Engine.
  1.4's own methods are exactly these calls (a new Inspector each time, so 2.0's Inspector cache of
  has_table never sees a stale answer). 1.x Connections had neither method, so nothing on a Connection is
  touched. `table_names(connection=c)` is reported: the Inspector must be made from `c`.
* `Inspector.from_engine(e)` / `Inspector(e)` → `inspect(e)`, by qualified name (both are deprecated and
  still run on 2.0; `inspect()` also gives the dialect's own Inspector subclass, a superset).
* `insp.reflecttable(...)` → `insp.reflect_table(...)` on a proven Inspector (the old name was an alias).
* `conn.run_callable(fn, *args)` → `fn(conn, *args)` on a proven Connection: 1.x only called `fn` so.
* `engine.transaction(fn, *args)` on a proven Engine, as a whole statement or the value of `name = ...` →
  `with engine.begin() as conn: name = fn(conn, *args)`: 1.x connected, began, called `fn(conn, *args)`,
  committed (rolled back on an exception) and closed, which is what `engine.begin()` does. Only when the
  receiver, the callable and the arguments are names or literals, which the block evaluates after
  connecting rather than before; `conn` is a name the module does not use. If `fn` itself calls
  `conn.begin()` (a 1.x "marker" transaction), 2.0 raises there: loudly, never a silent difference.

Reported, never rewritten: `conn.transaction(fn)`, `engine.run_callable(fn)`, and `engine.transaction(fn)`
anywhere else (inside an expression, in a class body). Their 2.0 forms (`with conn.begin(): r = fn(conn)`,
`with engine.connect() as conn: r = fn(conn)`) differ where it matters: a 2.0 Connection that has already
autobegun raises on `conn.begin()`, and writes `fn` makes on an `engine.connect()` connection, which 1.x
autocommitted, are rolled back in 2.0 unless `fn` commits them; `fn` lives elsewhere, so that cannot be
checked here.

Receivers not proven: `reflecttable()` (a name only SQLAlchemy used) is an unsafe fix, and so is
`table_names()` when the file uses SQLAlchemy (a wrong guess fails loudly: `inspect()` raises on what is not
an Engine). `has_table()` and `transaction()` are left alone there: Inspectors, dialects and redis clients
have valid methods of those names. `run_callable()` on an unproven receiver is reported. A user's own
object is left alone, unreported.
"""

from __future__ import annotations

from typing import Optional, Sequence, Set

import libcst as cst

from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind
from sqla_upgrade.matchers import remove_import_if_unused, unused_name
from sqla_upgrade.scopes import BindingKind

_INSPECTOR_CLASSES = ("sqlalchemy.engine.reflection.Inspector", "sqlalchemy.engine.Inspector", "sqlalchemy.Inspector")
INSPECTOR_CALLS = frozenset(_INSPECTOR_CLASSES) | frozenset(f"{c}.from_engine" for c in _INSPECTOR_CLASSES)
_SIMPLE = (cst.Name, cst.Attribute)


_LITERALS = (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float)


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _plain_chain(node: cst.BaseExpression) -> bool:
    """A name or a dotted chain of names: evaluating it earlier or later than before changes nothing."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


class EngineInspection(SqlaCodemod):
    ID = "engine-inspection"
    SUMMARY = "engine.table_names()/has_table(), Inspector.from_engine(), reflecttable(), transaction(), run_callable() → 2.0 forms"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    TRIGGERS = (b"table_names", b"has_table", b"Inspector", b"reflecttable", b"run_callable", b"transaction")
    SITES = Sites(
        calls=INSPECTOR_CALLS,
        methods=frozenset({"table_names", "has_table", "transaction", "reflecttable", "run_callable"}),
    )
    EXAMPLES = (
        Example(
            before="from sqlalchemy import create_engine\n\n"
            'engine = create_engine("sqlite://")\n'
            'names = engine.table_names(schema="main")\n'
            'if engine.has_table("users"):\n'
            "    pass\n",
            after="from sqlalchemy import inspect, create_engine\n\n"
            'engine = create_engine("sqlite://")\n'
            'names = inspect(engine).get_table_names(schema="main")\n'
            'if inspect(engine).has_table("users"):\n'
            "    pass\n",
        ),
        Example(
            before="from sqlalchemy.engine.reflection import Inspector\n\n"
            "insp = Inspector.from_engine(engine)\n"
            "insp.reflecttable(users, None)\n",
            after="from sqlalchemy import inspect\n\n"
            "insp = inspect(engine)\n"
            "insp.reflect_table(users, None)\n",
        ),
        Example(
            before="from sqlalchemy import create_engine\n\n"
            'engine = create_engine("sqlite://")\n'
            "created = engine.transaction(create_schema, metadata)\n",
            after="from sqlalchemy import create_engine\n\n"
            'engine = create_engine("sqlite://")\n'
            "with engine.begin() as conn:\n"
            "    created = create_schema(conn, metadata)\n",
        ),
        Example(
            before="import sqlalchemy as sa\n\n\ndef tables(engine):\n    return engine.table_names()\n",
            after="import sqlalchemy as sa\n\n\ndef tables(engine):\n    return sa.inspect(engine).get_table_names()\n",
            unsafe=True,
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: the engine.transaction() calls, and the statements they are the whole of, to become with-blocks
        self._with_calls: Set[int] = set()
        self._with_statements: Set[int] = set()
        self._conn_name: Optional[str] = None

    # -- helpers ----------------------------------------------------------------------------------------

    def _inspect_ref(self) -> Optional[cst.BaseExpression]:
        """``inspect`` from SQLAlchemy, spelled so that it means that here; None when a name ``inspect``
        of this function or class (not the module, which sqla_ref handles) would shadow it."""
        style = self.sqla_style()
        if style.alias is None and not style.name_is_taken("inspect", "sqlalchemy.inspect"):
            found = self.state.names.lookup("inspect")  # type: ignore[union-attr]
            if found is not None and not found[0].is_module and not all(
                b.kind == BindingKind.IMPORT and b.qualified == "sqlalchemy.inspect" for b in found[1]
            ):
                return None
        return self.sqla_ref("inspect")

    def _inspected(self, original: cst.Call, updated: cst.Call, method: str) -> cst.BaseExpression:
        new_func = updated.func
        assert isinstance(new_func, cst.Attribute)
        ref = self._inspect_ref()
        if ref is None:
            owner = "Engine.table_names()" if method == "get_table_names" else "Engine.has_table()"
            self.report(
                original,
                f"{owner} is removed in 2.0: use sqlalchemy.inspect(engine).{method}() (not rewritten: the name "
                "inspect means something else in this scope)",
            )
            return updated
        inspector = cst.Call(func=ref, args=[cst.Arg(new_func.value)])
        return updated.with_changes(func=new_func.with_changes(value=inspector, attr=cst.Name(method)))

    @staticmethod
    def _connection_arg(args: Sequence[cst.Arg]) -> bool:
        """Whether table_names() was given its connection (keyword, second positional) or splatted args."""
        positional = [a for a in args if a.keyword is None]
        return (
            any(a.star for a in args)
            or len(positional) > 1
            or any(a.keyword is not None and a.keyword.value == "connection" for a in args)
        )

    def _fresh_name(self) -> str:
        """A name for the connection of a new with-block that no code of the module uses or binds."""
        if self._conn_name is None:
            self._conn_name = unused_name(self.context.wrapper.module)  # type: ignore[union-attr]
        return self._conn_name

    def _statement_transaction(self, stmt: cst.SimpleStatementLine) -> Optional[cst.Call]:
        """The engine.transaction(fn, ...) call that is the whole of ``stmt`` (an expression statement or
        the value of `name = ...`), when it can become `with engine.begin() as conn: name = fn(conn, ...)`
        unchanged in meaning: a proven Engine, in a module or function body (a class body would gain the
        connection as an attribute), with only names and literals as receiver, callable and arguments,
        which the with-block evaluates after connecting instead of before."""
        if len(stmt.body) != 1 or self.state.names.current.is_class:  # type: ignore[union-attr]
            return None
        small = stmt.body[0]
        if isinstance(small, cst.Expr):
            call = small.value
        elif isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            call = small.value
        else:
            return None
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "transaction"):
            return None
        if not call.args or call.args[0].keyword is not None or call.args[0].star or call.lpar:
            return None
        if not all(_plain_chain(a.value) or isinstance(a.value, _LITERALS) for a in call.args):
            return None
        if not (_plain_chain(call.func.value) and _plain_chain(call.args[0].value)):
            return None
        return call if self.kind_of(call.func.value) == Kind.ENGINE else None

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        call = self._statement_transaction(node)
        if call is not None:
            self._with_calls.add(id(call))
            self._with_statements.add(id(node))

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        if id(original_node) not in self._with_statements:
            return updated_node
        small = updated_node.body[0]
        call = small.value  # type: ignore[attr-defined]
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)):
            return updated_node  # an earlier codemod changed it: leave it
        # One name for every block of the file: each binds it only for its own body.
        conn = self._fresh_name()
        run = cst.Call(func=call.args[0].value, args=[cst.Arg(cst.Name(conn))] + list(call.args[1:]))
        begin = cst.Call(func=cst.Attribute(value=call.func.value, attr=cst.Name("begin")))
        return cst.With(
            items=[cst.WithItem(item=begin, asname=cst.AsName(name=cst.Name(conn)))],
            body=cst.IndentedBlock(
                body=[cst.SimpleStatementLine(body=[small.with_changes(value=run)], trailing_whitespace=updated_node.trailing_whitespace)]
            ),
            leading_lines=updated_node.leading_lines,
        )

    # -- the rewrites -----------------------------------------------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if isinstance(func, _SIMPLE) and self.qualified_names(func) & INSPECTOR_CALLS:
            return self._from_engine(original_node, updated_node)
        if not isinstance(func, cst.Attribute):
            return updated_node
        method = func.attr.value
        if method == "table_names":
            return self._table_names(original_node, updated_node)
        if method == "has_table":
            return self._has_table(original_node, updated_node)
        if method == "reflecttable":
            return self._reflecttable(original_node, updated_node)
        if method in ("transaction", "run_callable"):
            return self._callable(original_node, updated_node, method)
        return updated_node

    def _from_engine(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        args = original.args
        if len(args) != 1 or args[0].star or (args[0].keyword is not None and args[0].keyword.value != "bind"):
            return updated
        ref = self._inspect_ref()
        if ref is None:
            self.report(
                original,
                "Inspector.from_engine(bind) and Inspector(bind) are deprecated: use sqlalchemy.inspect(bind) (not "
                "rewritten: the name inspect means something else in this scope)",
            )
            return updated
        func = original.func
        remove_import_if_unused(self.context, self.state.names, func.value if isinstance(func, cst.Attribute) and func.attr.value == "from_engine" else func)  # type: ignore[arg-type,union-attr]
        bind = updated.args[0].with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
        return cst.Call(func=ref, args=[bind], lpar=updated.lpar, rpar=updated.rpar)

    def _table_names(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = original.func
        assert isinstance(func, cst.Attribute)
        kind = self.kind_of(func.value)
        if kind not in (Kind.ENGINE, Kind.UNKNOWN):
            return updated
        if self._connection_arg(original.args):
            if kind == Kind.ENGINE:
                self.report(
                    original,
                    "Engine.table_names() is removed in 2.0: use inspect(connection).get_table_names(schema) "
                    "with the connection passed here",
                )
            return updated
        if kind == Kind.UNKNOWN and not self.allow_unsafe(
            original,
            "Engine.table_names() is removed in 2.0: use inspect(engine).get_table_names() if this is an "
            "Engine (its receiver is not proven to be one)",
        ):
            return updated
        return self._inspected(original, updated, "get_table_names")

    def _has_table(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = original.func
        assert isinstance(func, cst.Attribute)
        if not original.args or self.kind_of(func.value) != Kind.ENGINE:
            return updated
        return self._inspected(original, updated, "has_table")

    def _reflecttable(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = original.func
        assert isinstance(func, cst.Attribute)
        kind = self.kind_of(func.value)
        if kind != Kind.INSPECTOR:
            if kind != Kind.UNKNOWN or not self.allow_unsafe(
                original,
                "Inspector.reflecttable() is removed in 2.0: use reflect_table() if this is an Inspector "
                "(its receiver is not proven to be one)",
            ):
                return updated
        new_func = updated.func
        assert isinstance(new_func, cst.Attribute)
        return updated.with_changes(func=new_func.with_changes(attr=cst.Name("reflect_table")))

    def _callable(self, original: cst.Call, updated: cst.Call, method: str) -> cst.BaseExpression:
        func = original.func
        assert isinstance(func, cst.Attribute)
        kind = self.kind_of(func.value)
        args = original.args
        if not args or (kind == Kind.UNKNOWN and method == "transaction") or kind not in (
            Kind.ENGINE, Kind.CONNECTION, Kind.UNKNOWN
        ):
            return updated
        receiver = _code(func.value)
        fn = args[0]
        simple = fn.keyword is None and not fn.star

        def call(conn: str) -> str:
            if not simple:
                return f"fn({conn}, ...)"
            rest = "".join(", " + _code(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in args[1:])
            return f"{_code(fn.value)}({conn}{rest})"

        c = "c" if receiver == "conn" else "conn"  # not `with conn.connect() as conn`
        on_engine = {
            "transaction": f"`with {receiver}.begin() as {c}: result = {call(c)}`",
            "run_callable": f"`with {receiver}.connect() as {c}: result = {call(c)}` (and {c}.commit() "
            "after its writes: 1.x autocommitted them, 2.0 rolls them back)",
        }[method]
        on_connection = {
            "transaction": f"`with {receiver}.begin(): result = {call(receiver)}` ({receiver}.begin() raises in "
            "2.0 if the connection has already begun a transaction)",
            "run_callable": f"`{call(receiver)}`",
        }[method]
        if kind == Kind.UNKNOWN:
            self.report(
                original,
                f"run_callable() is removed in 2.0: on a Connection use {on_connection}; on an Engine {on_engine}",
            )
            return updated
        if id(original) in self._with_calls:
            return updated  # the statement becomes a with-block (leave_SimpleStatementLine)
        if kind == Kind.CONNECTION and method == "run_callable":
            # Only a plain name and callee: fn(conn) evaluates fn before conn, where 1.x did the opposite.
            if simple and isinstance(func.value, cst.Name) and _plain_chain(fn.value):
                new_args = [cst.Arg(updated.func.value)] + list(updated.args[1:])  # type: ignore[attr-defined]
                return cst.Call(func=updated.args[0].value, args=new_args, lpar=updated.lpar, rpar=updated.rpar)
            self.report(original, f"Connection.run_callable() is removed in 2.0: call the function directly, {on_connection}")
            return updated
        owner, form = ("Engine", on_engine) if kind == Kind.ENGINE else ("Connection", on_connection)
        self.report(original, f"{owner}.{method}() is removed in 2.0: use {form}")
        return updated
