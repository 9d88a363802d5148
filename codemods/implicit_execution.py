"""Implicit ("connectionless") execution, removed in 2.0: `stmt.execute()`, `stmt.scalar()`,
`t.insert().execute(...)`, `t.update(w).execute(v=1)`, `func.f().scalar()` / `.execute()`,
`DDL(...).execute(bind=e)`, `seq.execute(e)`.

1.x ran them on `stmt.bind`: the engine of the MetaData its tables are on (or the bind given to a DDL element
or a Sequence), committing when it autocommitted the statement. Rewritten (safe), one with-block per original
statement (never merged: N independent commits must not become one transaction), per §2c:

* (1) a whole expression statement: `with engine.begin() as conn: conn.execute(stmt, {"v": 1})`;
* (2) the value of `name = ...` or `return ...`, alone (`.scalar()`) or consumed at once by a terminal
  (`.fetchall()`, `.first()`, `.scalar()`, `.rowcount`, ...): the statement moves inside the block;
* (3) the iterable of a for loop: the loop moves inside the block;
* any other statement whose one implicit execution is consumed where it is made (`print(stmt.scalar())`,
  `log(stmt.execute().rowcount)`) moves inside the block whole;
* a one-line suite (`if x: stmt.execute()`) becomes an indented block around the with-block.

`engine.begin()` or `engine.connect()` mirrors 1.x's autocommit exactly (``sqla_upgrade/autocommit.py``): begin
for insert/update/delete/DDL and SQL text it committed, connect for SELECTs and functions, and for a
Sequence's next value (non-transactional). SQL text 1.x rolled back although it names a write (`CALL p()`,
`WITH ... INSERT`) keeps connect() and is reported. A statement whose kind is unknown gets begin() as an
unsafe fix. Keyword parameters become one dict, several dicts a list; `func.f().execute()` becomes
`conn.execute(select(func.f()))`, `seq.execute(e)` `conn.scalar(select(seq.next_value()))`.

The engine is the explicit bind of a DDL element or Sequence, or the one the statement's tables are bound to,
found through the project index (``sqla_upgrade/binds.py``, shared with bound-metadata: these rewrites are
use sites of the bound MetaData, and bound-metadata drops a bind only when this codemod rewrites every
implicit execution of its tables, as ``index.implicit_call_in`` and the shapes above agree). It is imported
where it is defined in another module (`from app.db import engine`), unless that would form an import cycle.

Reported, never rewritten: an engine that cannot be known (no table of a bound MetaData, an engine made in a
function or by a factory, an import cycle): code 2afi, naming what is missing; a result that escapes the
statement (returned or yielded unconsumed, stored, passed on, used after it): "fetch rows inside the block and
return those", never papered over with `.fetchall()`; a call in a class body or inside an expression.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple, Union

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from sqla_upgrade.autocommit import Commits, rolled_back_write, statement_commits
from sqla_upgrade.binds import Binds, EngineRef, Missing, names_in
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.index import SQLA_FUNC, TERMINAL_ATTRIBUTES, TERMINAL_METHODS
from sqla_upgrade.kinds import Kind
from sqla_upgrade.matchers import unused_name

_STATEMENTS = (Kind.SELECT, Kind.DML, Kind.COMPOUND, Kind.TEXT, Kind.DDL, Kind.EXISTS)
_ESCAPES = (
    "the Result escapes the connection scope: fetch the rows inside `with engine.connect() as conn:` (e.g. "
    "`.all()`, `.mappings().all()`) and use those"
)


def _method(node: Optional[cst.BaseExpression], *names: str) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in names


def _plain(node: cst.BaseExpression) -> bool:
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


def implicit_call_of(small: cst.CSTNode) -> Optional[Tuple[cst.Call, str]]:
    """The `X.execute()`/`X.scalar()` call a statement holds in a shape this codemod rewrites, and where
    (LibCST's mirror of ``index.implicit_call_in``, which decides the same for bound-metadata)."""
    if isinstance(small, cst.Expr):
        return (small.value, "value") if _method(small.value, "execute", "scalar") else None  # type: ignore[return-value]
    if isinstance(small, cst.For):
        if _has_suspension(small):
            return None
        return (small.iter, "iter") if _method(small.iter, "execute") else None  # type: ignore[return-value]
    value: Optional[cst.BaseExpression] = None
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        value = small.value
    elif isinstance(small, cst.Return):
        value = small.value
    if value is None:
        return None
    inner: Optional[cst.BaseExpression] = None
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value in TERMINAL_METHODS:
        inner = value.func.value
    elif isinstance(value, cst.Attribute) and value.attr.value in TERMINAL_ATTRIBUTES:
        inner = value.value
    if _method(inner, "execute"):
        return inner, "terminal"  # type: ignore[return-value]
    return (value, "value") if _method(value, "scalar") else None  # type: ignore[return-value]


def _has_suspension(node: cst.CSTNode) -> bool:
    found = []

    class Find(cst.CSTVisitor):
        def visit_Yield(self, n: cst.Yield) -> None:
            found.append(n)

        def visit_Await(self, n: cst.Await) -> None:
            found.append(n)

    node.visit(Find())
    return bool(found)


# 1.x committed the write as soon as it ran: an error in the statements after it must not undo it.
_INSIDE_TRANSACTION = (
    "the statements that use its result would run inside the transaction that commits it, and an error "
    "there would now roll the write back; commit it in a `with engine.begin()` block of its own"
)
_CONSUMERS = TERMINAL_METHODS | TERMINAL_ATTRIBUTES | {"close"}


class _Mentions(cst.CSTVisitor):
    """Where a name occurs in a scope, and whether each occurrence consumes a Result (`res.fetchall()`,
    `res.rowcount`, `for row in res`) rather than passing it on."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.found: List[cst.Name] = []
        self.consumed: set = set()

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if isinstance(node.value, cst.Name) and node.value.value == self.name and node.attr.value in _CONSUMERS:
            self.consumed.add(id(node.value))
        node.value.visit(self)  # not the attribute's own name: `users.c.res` does not use `res`
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # not a keyword's name: `f(res=1)` does not use `res`
        return False

    def visit_For(self, node: cst.For) -> None:
        if isinstance(node.iter, cst.Name) and node.iter.value == self.name:
            self.consumed.add(id(node.iter))

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.name:
            self.found.append(node)


def _mentions(node: cst.CSTNode, name: str) -> _Mentions:
    found = _Mentions(name)
    node.visit(found)
    return found


class _Plan:
    """How one implicit call becomes `conn.<method>(<statement>, <params>)` on `engine.<opening>()`."""

    def __init__(self, engine: cst.BaseExpression, opening: str, method: str, build) -> None:
        self.engine, self.opening, self.method, self.build = engine, opening, method, build


class ImplicitExecution(SqlaCodemod):
    ID = "implicit-execution"
    SUMMARY = "stmt.execute() / stmt.scalar() / DDL(...).execute(bind=e) / seq.execute(e) → with engine.begin()/connect() as conn: conn.execute(stmt)"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "2afi"
    MIN_TARGET = "2.0"
    TRIGGERS = (b".execute(", b".scalar(")
    SITES = Sites(methods=frozenset({"execute", "scalar"}))
    EMITS = (b"select(",)
    EXAMPLES = (
        Example(
            before="from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "metadata = MetaData(bind=engine)\n"
            'users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String))\n\n\n'
            "def add(name):\n"
            "    users.insert().execute(name=name)\n\n\n"
            "def count():\n"
            "    return select(users.c.id).execute().fetchall()\n",
            after="from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "metadata = MetaData(bind=engine)\n"
            'users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String))\n\n\n'
            "def add(name):\n"
            "    with engine.begin() as conn:\n"
            '        conn.execute(users.insert(), {"name": name})\n\n\n'
            "def count():\n"
            "    with engine.connect() as conn:\n"
            "        return conn.execute(select(users.c.id)).fetchall()\n",
        ),
        Example(
            before="from sqlalchemy import DDL\nfrom sqlalchemy.engine import Engine\n\n\n"
            "def add_index(engine: Engine):\n"
            '    DDL("CREATE INDEX ix_name ON users (name)").execute(bind=engine)\n',
            after="from sqlalchemy import DDL\nfrom sqlalchemy.engine import Engine\n\n\n"
            "def add_index(engine: Engine):\n"
            "    with engine.begin() as conn:\n"
            '        conn.execute(DDL("CREATE INDEX ix_name ON users (name)"))\n',
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._binds = Binds.of(self.state.names.index) if self.state.names is not None else None  # type: ignore[union-attr]
        #: id of an original statement (or one-line suite) → (the implicit call in it, its place, plan)
        self._plans: Dict[int, Tuple[cst.Call, str, _Plan]] = {}
        self._planned_calls: Dict[int, int] = {}
        self._conn: Optional[str] = None
        self._pending_import: Optional[Tuple[str, str]] = None
        self._reporting = False
        #: id of an original call rewritten in place (its statement becomes the with-block's body)
        self._inline: Dict[int, _Plan] = {}
        #: id of an original block → (first, last, plan) of each `res = ...` range to wrap (shape 4)
        self._ranges: Dict[int, List[Tuple[int, int, _Plan]]] = {}

    # -- what a call is ---------------------------------------------------------------------------------

    def _is_func(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and any(
            q.rsplit(".", 1)[0] in SQLA_FUNC for q in self.qualified_names(node.func)
        )

    def _classify(self, call: cst.Call) -> Optional[str]:
        """"statement", "ddl", "sequence" or "function" for an implicit execution; None: not one."""
        receiver = call.func.value  # type: ignore[attr-defined]
        method = call.func.attr.value  # type: ignore[attr-defined]
        if _method(receiver, "execute"):
            return None  # `x.execute().scalar()`: a Result's method
        if self._is_func(receiver):
            return "function"
        kind = self.kind_of(receiver)
        if kind == Kind.DDL and method == "execute":
            return "ddl"
        if kind == Kind.SEQUENCE and method == "execute":
            return "sequence"
        if kind in _STATEMENTS and kind != Kind.DDL:
            return "statement"
        return None

    def _engine(self, call: cst.Call, what: str) -> Union[cst.BaseExpression, Missing]:
        receiver = call.func.value  # type: ignore[attr-defined]
        if what in ("ddl", "sequence"):
            given = [a for a in call.args if a.keyword is None or a.keyword.value == "bind"]
            if given:
                if len(call.args) != 1 or given[0].star or not _plain(given[0].value):
                    return Missing("the bind given is not a plain name")
                bind = given[0].value
                kind = self.kind_of(bind)
                if kind == Kind.CONNECTION:
                    form = "conn.scalar(select(seq.next_value()))" if what == "sequence" else "conn.execute(ddl) and then conn.commit() (1.x autocommitted DDL)"
                    return Missing(f"the bind is a Connection: use {form}")
                if kind != Kind.ENGINE and self._reporting:
                    return Missing("the bind given is not proven an Engine")
                if kind != Kind.ENGINE and not self.allow_unsafe(
                    call,
                    f"{what.upper() if what == 'ddl' else 'Sequence'}.execute(bind) is removed in 2.0: "
                    f"`with bind.{'begin' if what == 'ddl' else 'connect'}() as conn:` if "
                    "the bind is an Engine (it is not proven one; on a Connection, execute on it directly)",
                ):
                    return Missing("")
                return bind
        if self._binds is None:
            return Missing("no project index: the engine of its MetaData cannot be known")
        answer = self._binds.engine_for(names_in(receiver, self.state.names))  # type: ignore[arg-type]
        if answer is None:
            return Missing("none of its tables is on a MetaData the project binds to an engine; pass the engine")
        if isinstance(answer, Missing):
            return answer
        line = self.state.positions.range_of(call).start.line  # type: ignore[union-attr]
        spelled = self._binds.spelled_here(answer, self.state.names, line)  # type: ignore[arg-type]
        if isinstance(spelled, Missing):
            return spelled
        self._pending_import = (spelled.import_from, spelled.name) if spelled.import_from else None
        return cst.Name(spelled.name)

    def _params(self, call: cst.Call) -> Optional[List[cst.Arg]]:
        """1.x's `*multiparams, **params` as 2.0's one parameters argument (None: cannot tell)."""
        args = list(call.args)
        if not args:
            return []
        positional = [a for a in args if a.keyword is None and not a.star]
        keywords = [a for a in args if a.keyword is not None]
        splats = [a for a in args if a.star == "**"]
        if any(a.star == "*" for a in args) or (positional and (keywords or splats)):
            return None
        if positional:
            if len(positional) == 1:
                return [cst.Arg(positional[0].value)]
            return [cst.Arg(cst.List([cst.Element(a.value) for a in positional]))]
        elements: List[cst.BaseDictElement] = []
        for a in args:
            if a.star == "**":
                elements.append(cst.StarredDictElement(a.value))
            else:
                elements.append(cst.DictElement(cst.SimpleString(f'"{a.keyword.value}"'), a.value))  # type: ignore[union-attr]
        return [cst.Arg(cst.Dict(elements))]

    def _plan(self, call: cst.Call) -> Union[_Plan, Missing, None]:
        what = self._classify(call)
        if what is None:
            return None
        self._pending_import = None
        engine = self._engine(call, what)
        if isinstance(engine, Missing):
            return engine
        receiver = call.func.value  # type: ignore[attr-defined]
        method = call.func.attr.value  # type: ignore[attr-defined]
        if what == "statement":
            params = self._params(call)
            if params is None:
                return Missing("its parameters mix positional and keyword forms")
            commits = statement_commits(receiver, self.kind_of, self.bound_values)
            opening = "connect" if commits == Commits.NO else "begin"
            if commits == Commits.UNKNOWN and not self.allow_unsafe(
                call,
                "implicit execution is removed in 2.0: run it on `with engine.begin() as conn:` (begin() commits; "
                "the kind of this statement is not known, so whether 1.x committed it is not either)",
            ):
                return Missing("")
            if commits == Commits.NO and rolled_back_write(receiver):
                self.report(call, "1.x rolled this statement back (it did not autocommit it); use engine.begin() if it must persist")

            def build(updated: cst.Call, conn: str) -> cst.Call:
                return cst.Call(
                    func=cst.Attribute(value=cst.Name(conn), attr=cst.Name(method)),
                    args=[cst.Arg(updated.func.value)] + [p.with_changes() for p in self._params(updated) or []],  # type: ignore[attr-defined]
                )
        elif what == "function":
            if call.args:
                return Missing("a function's execute()/scalar() with arguments")
            opening = "connect"

            def build(updated: cst.Call, conn: str) -> cst.Call:
                select = cst.Call(func=self.sqla_ref("select"), args=[cst.Arg(updated.func.value)])  # type: ignore[attr-defined]
                return cst.Call(func=cst.Attribute(value=cst.Name(conn), attr=cst.Name(method)), args=[cst.Arg(select)])
        elif what == "ddl":
            if any(a.keyword is not None and a.keyword.value == "target" for a in call.args):
                return Missing("DDL.execute(target=...)")
            opening = "begin"

            def build(updated: cst.Call, conn: str) -> cst.Call:
                return cst.Call(func=cst.Attribute(value=cst.Name(conn), attr=cst.Name("execute")), args=[cst.Arg(updated.func.value)])  # type: ignore[attr-defined]
        else:  # sequence: nextval is not transactional
            opening = "connect"

            def build(updated: cst.Call, conn: str) -> cst.Call:
                next_value = cst.Call(func=cst.Attribute(value=updated.func.value, attr=cst.Name("next_value")))  # type: ignore[attr-defined]
                select = cst.Call(func=self.sqla_ref("select"), args=[cst.Arg(next_value)])
                return cst.Call(func=cst.Attribute(value=cst.Name(conn), attr=cst.Name("scalar")), args=[cst.Arg(select)])
        if self._pending_import is not None:
            AddImportsVisitor.add_needed_import(self.context, *self._pending_import)
        return _Plan(engine, opening, method, build)

    # -- statements -------------------------------------------------------------------------------------

    def _consider(self, node: cst.CSTNode, small: cst.CSTNode) -> None:
        if self.state.names.current.is_class:  # type: ignore[union-attr]
            return
        found = implicit_call_of(small)
        if found is None and isinstance(small, (cst.Assign, cst.Return)) and _method(small.value, "execute"):
            if self._classify(small.value) == "sequence":  # type: ignore[arg-type]
                found = (small.value, "value")  # Sequence.execute() returns the next value, not a Result
        if found is None and isinstance(node, cst.SimpleStatementLine):
            found = self._inline_call(small)
        if found is None:
            return
        call, place = found
        plan = self._plan(call)
        if plan is None:
            return
        self._planned_calls[id(call)] = id(node)
        if not isinstance(plan, Missing) and place == "iter" and plan.opening == "begin":
            plan = Missing(_INSIDE_TRANSACTION)
        if isinstance(plan, Missing):
            if plan.reason:
                self._missing(call, plan)
            return
        self._plans[id(node)] = (call, place, plan)
        if place == "inline":
            self._inline[id(call)] = plan

    def _inline_call(self, small: cst.CSTNode) -> Optional[Tuple[cst.Call, str]]:
        """The one implicit execution of a statement whose value is consumed where it is made
        (`print(stmt.scalar())`, `x = [stmt.execute().first(), 1]`): the whole statement moves into the block,
        the call becomes the connection's in place. None when there is another, or a lambda (which would
        run after the block)."""
        calls: List[cst.Call] = []
        consumed: set = set()
        lambdas: List[cst.CSTNode] = []

        class Find(cst.CSTVisitor):
            def visit_Lambda(self, node: cst.Lambda) -> None:
                lambdas.append(node)

            def visit_Attribute(self, node: cst.Attribute) -> None:
                if node.attr.value in TERMINAL_ATTRIBUTES and _method(node.value, "execute"):
                    consumed.add(id(node.value))

            def visit_Call(self, node: cst.Call) -> None:
                if _method(node, "execute", "scalar"):
                    calls.append(node)
                if isinstance(node.func, cst.Attribute) and node.func.attr.value in TERMINAL_METHODS and _method(node.func.value, "execute"):
                    consumed.add(id(node.func.value))

        small.visit(Find())
        ours = [c for c in calls if self._classify(c) is not None]
        if len(ours) != 1 or lambdas:
            return None
        call = ours[0]
        # Sequence.execute() returns the next value itself, not a Result
        if call.func.attr.value == "scalar" or id(call) in consumed or self._classify(call) == "sequence":  # type: ignore[attr-defined]
            return call, "inline"
        return None

    def _missing(self, call: cst.Call, missing: Missing) -> None:
        method = call.func.attr.value  # type: ignore[attr-defined]
        self.report(call, f"implicit execution (.{method}()) is removed in 2.0: run it on a Connection of the engine (not rewritten: {missing.reason})")

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if len(node.body) == 1:
            self._consider(node, node.body[0])

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        if len(node.body) == 1:
            self._consider(node, node.body[0])

    def visit_For(self, node: cst.For) -> None:
        self._consider(node, node)

    # -- shape (4): `res = stmt.execute()` and the statements that use `res` --------------------------

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._consider_block(node, node.body)

    def visit_Module(self, node: cst.Module) -> None:
        self._consider_block(node, node.body)

    def _consider_block(self, block: cst.CSTNode, body: Sequence[cst.BaseStatement]) -> None:
        """Plan a with-block from each `res = <implicit execute>` of ``body`` through the last statement that
        uses `res`, when every use consumes the Result there and none is anywhere else in the scope."""
        names = self.state.names
        if names.current.is_class:  # type: ignore[union-attr]
            return
        scope_node = names.current.node  # type: ignore[union-attr]
        taken_until = -1
        for i, stmt in enumerate(body):
            if i <= taken_until or not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
                continue
            small = stmt.body[0]
            if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)):
                continue
            call = small.value
            if not _method(call, "execute") or self._classify(call) is None:  # type: ignore[arg-type]
                continue
            name = small.targets[0].target.value
            last = self._last_use(body, i, name, scope_node)
            if last is None:
                continue
            plan = self._plan(call)  # type: ignore[arg-type]
            if plan is None:
                continue
            self._planned_calls[id(call)] = id(stmt)
            if not isinstance(plan, Missing) and plan.opening == "begin" and last > i:
                plan = Missing(_INSIDE_TRANSACTION)
            if isinstance(plan, Missing):
                if plan.reason:
                    self._missing(call, plan)  # type: ignore[arg-type]
                continue
            self._ranges.setdefault(id(block), []).append((i, last, plan))
            taken_until = last

    @staticmethod
    def _last_use(body: Sequence[cst.BaseStatement], first: int, name: str, scope_node: cst.CSTNode) -> Optional[int]:
        """The index of the last statement of ``body`` that uses ``name`` after ``body[first]`` binds it, if
        every use in the scope is one of those and consumes the Result; else None (it escapes)."""
        last = first
        inside = 0
        for j in range(first + 1, len(body)):
            mentions = _mentions(body[j], name)
            if not mentions.found:
                continue
            if any(id(n) not in mentions.consumed for n in mentions.found):
                return None
            last = j
        for j in range(first, last + 1):
            inside += len(_mentions(body[j], name).found)
        if len(_mentions(scope_node, name).found) != inside:
            return None  # used (or bound) elsewhere in the function: after the block, or in another branch
        return last

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        inline = self._inline.get(id(original_node))
        if inline is not None:
            return inline.build(updated_node, self._conn_name())
        if not _method(original_node, "execute", "scalar") or id(original_node) in self._planned_calls:
            return updated_node
        what = self._classify(original_node)
        if what is None:
            return updated_node
        self._pending_import = None
        self._reporting = True  # no unsafe fix is offered for a call that is not rewritten anyway
        engine = self._engine(original_node, what)
        self._reporting = False
        if isinstance(engine, Missing):
            self._missing(original_node, engine)
        else:
            method = original_node.func.attr.value  # type: ignore[attr-defined]
            self.report(original_node, f"implicit execution (.{method}()) is removed in 2.0 (not rewritten: {_ESCAPES})")
        return updated_node

    def _conn_name(self) -> str:
        if self._conn is None:
            self._conn = unused_name(self.context.wrapper.module)  # type: ignore[union-attr]
        return self._conn

    def _rewritten(self, small: cst.CSTNode, place: str, plan: _Plan) -> Optional[cst.CSTNode]:
        """``small`` (updated) with its implicit call replaced by the connection's call."""
        conn = self._conn_name()
        if place == "inline":
            return small  # leave_Call already rewrote the call in place
        if place == "iter":
            call = small.iter  # type: ignore[attr-defined]
            return small.with_changes(iter=plan.build(call, conn)) if _method(call, "execute") else None
        value = small.value  # type: ignore[attr-defined]
        if place == "value":
            return small.with_changes(value=plan.build(value, conn)) if _method(value, "execute", "scalar") else None
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and _method(value.func.value, "execute"):
            inner = plan.build(value.func.value, conn)
            return small.with_changes(value=value.with_changes(func=value.func.with_changes(value=inner)))
        if isinstance(value, cst.Attribute) and _method(value.value, "execute"):
            return small.with_changes(value=value.with_changes(value=plan.build(value.value, conn)))
        return None

    def _with(self, plan: _Plan, body: List[cst.BaseStatement], leading_lines=()) -> cst.With:
        opening = cst.Call(func=cst.Attribute(value=plan.engine, attr=cst.Name(plan.opening)))
        return cst.With(
            items=[cst.WithItem(item=opening, asname=cst.AsName(name=cst.Name(self._conn_name())))],
            body=cst.IndentedBlock(body=body),
            leading_lines=leading_lines,
        )

    def _wrap_ranges(self, original: cst.CSTNode, body: Sequence[cst.BaseStatement]) -> Optional[List[cst.BaseStatement]]:
        ranges = self._ranges.get(id(original))
        if not ranges or len(body) != len(original.body):  # type: ignore[attr-defined]
            return None
        out: List[cst.BaseStatement] = []
        i = 0
        starts = {first: (last, plan) for first, last, plan in ranges}
        while i < len(body):
            if i not in starts:
                out.append(body[i])
                i += 1
                continue
            last, plan = starts[i]
            head = body[i]
            small = self._rewritten(head.body[0], "value", plan) if isinstance(head, cst.SimpleStatementLine) else None  # type: ignore[attr-defined]
            if small is None:
                out.extend(body[i : last + 1])
            else:
                first_line = head.with_changes(body=[small], leading_lines=[])
                out.append(self._with(plan, [first_line, *body[i + 1 : last + 1]], head.leading_lines))
            i = last + 1
        return out

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock):
        body = self._wrap_ranges(original_node, updated_node.body)
        return updated_node if body is None else updated_node.with_changes(body=body)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module):
        body = self._wrap_ranges(original_node, updated_node.body)
        return updated_node if body is None else updated_node.with_changes(body=body)

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine):
        found = self._plans.get(id(original_node))
        if found is None:
            return updated_node
        _, place, plan = found
        small = self._rewritten(updated_node.body[0], place, plan)
        if small is None:
            return updated_node
        inner = updated_node.with_changes(body=[small], leading_lines=[])
        return self._with(plan, [inner], updated_node.leading_lines)

    def leave_SimpleStatementSuite(self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite):
        found = self._plans.get(id(original_node))
        if found is None:
            return updated_node
        _, place, plan = found
        small = self._rewritten(updated_node.body[0], place, plan)
        if small is None:
            return updated_node
        line = cst.SimpleStatementLine(body=[small], trailing_whitespace=updated_node.trailing_whitespace)
        return cst.IndentedBlock(body=[self._with(plan, [line])])

    def leave_For(self, original_node: cst.For, updated_node: cst.For):
        found = self._plans.get(id(original_node))
        if found is None:
            return updated_node
        _, place, plan = found
        loop = self._rewritten(updated_node, place, plan)
        if loop is None:
            return updated_node
        return self._with(plan, [loop.with_changes(leading_lines=[])], updated_node.leading_lines)  # type: ignore[attr-defined]
