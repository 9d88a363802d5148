"""Library-level autocommit (removed in 2.0, silently): `conn.commit()` after each execute that 1.x
committed by itself, on a connection from `engine.connect()`.

1.x committed after every insert/update/delete, DDL, and SQL string or `text()` starting with
INSERT/UPDATE/DELETE/CREATE/DROP/ALTER (`sqla_upgrade/autocommit.py`) executed outside a transaction. 2.0
begins a transaction instead and rolls it back when the connection closes: the data is gone, with no
error. Rewritten (2.0-only output: a 1.4 legacy Connection has no `commit()`):

* `conn.commit()` is inserted as the next statement after each such `conn.execute(...)` /
  `conn.exec_driver_sql(...)` / `conn.scalar(...)`: one COMMIT per former autocommit point, so independent
  writes stay independent. The same after `metadata.create_all(conn)` / `drop_all(conn)` /
  `table.create(conn)` / `drop(conn)`, whose DDL 1.x autocommitted. `return conn.execute(...)` becomes `result = conn.execute(...)`,
  `conn.commit()`, `return result`.
* `.execution_options(autocommit=True)` on the executed statement, which 2.0 ignores without a word, is
  removed (the commit after it does its work).
* A statement whose type is not known here (a variable, a parameter) gets its commit as an unsafe fix: a
  commit is right after a write and harmless after a plain SELECT, but commits a side-effecting statement
  1.x rolled back (`CALL p()`).

Only where 1.x autocommitted: the connection is a name bound only to `engine.connect()` (a `with` target
or an assignment) of a proven Engine; nothing inside `with conn.begin():` or between `trans =
conn.begin()` and its `commit()`/`rollback()`; nothing on a connection from `engine.begin()`, from an
engine created with `future=True`, `isolation_level="AUTOCOMMIT"` or
`execution_options={"isolation_level": "AUTOCOMMIT"}`; nothing on a connection the code already commits
or rolls back itself (that is 2.0-style code). Connections that are parameters, attributes or
`op.get_bind()` are left alone: where they were opened, and inside which transaction, is not known here.

Reported: a try/except around such an execute (1.x rolled the failed statement back by itself and the
connection stayed usable; in 2.0 the handler must call `conn.rollback()` first); a statement 1.x did not
commit that contains a write keyword (`WITH ... INSERT`, `CALL`, `TRUNCATE`, ...: 1.x rolled it back,
and so does 2.0); the `conn.execute("commit")` trick used before `CREATE DATABASE` (use the driver
connection, `conn.connection.dbapi_connection`, or `conn.execution_options(isolation_level="AUTOCOMMIT")`);
`execution_options(autocommit=True)` on a connection or an engine (2.0 ignores it: every statement it was
meant to commit needs `conn.commit()`); executes where the commit cannot go right after (in an `if`/`for`
header, a lambda, a comprehension) or whose transaction state is unclear (a `conn.begin()` that does not
enclose it plainly, an engine made with `**kwargs`).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

from sqla_upgrade.autocommit import Commits, hidden_write, is_commit_statement, statement_commits
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.execution import SUITES, ScopeMap, StatementValues, calls_in, fresh_name, suite_as_line
from sqla_upgrade.kinds import CONSTRUCTORS, Kind
from sqla_upgrade.scopes import BindingKind

_EXECUTES = ("execute", "exec_driver_sql", "scalar")
#: schema methods whose DDL 1.x autocommitted on the Connection given to them
_SCHEMA_DDL = ("create_all", "drop_all", "create", "drop")
_BEGINS = ("begin", "begin_nested", "begin_twophase")
_CLOSERS = ("commit", "rollback", "close")
_ENGINE_FACTORIES = frozenset(q for q, k in CONSTRUCTORS.items() if k == Kind.ENGINE)

# what the engine an `engine.connect()` comes from says about autocommit
_LEGACY = "legacy"  # 1.x library autocommit applies
_EXEMPT = "exempt"  # future=True or AUTOCOMMIT isolation: the semantics are already 2.0's
_UNCLEAR = "unclear"


def _keyword(call: cst.Call, name: str) -> Optional[cst.Arg]:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _is_true(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


def _string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _dict_entry(node: cst.BaseExpression, key: str) -> Tuple[bool, Optional[cst.BaseExpression]]:
    """(whether ``node`` is a dict display whose keys are all known, the value of ``key`` in it)."""
    if not isinstance(node, cst.Dict):
        return False, None
    found = None
    for el in node.elements:
        if not isinstance(el, cst.DictElement) or _string(el.key) is None:
            return False, None
        if _string(el.key) == key:
            found = el.value
    return True, found


def _method_call(node: cst.CSTNode, receiver: str, methods) -> bool:
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in methods
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value == receiver
    )


def _line_call(stmt: cst.CSTNode) -> Optional[cst.BaseExpression]:
    """The value of a line's only statement when it is an expression or a plain assignment."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if isinstance(small, (cst.Expr, cst.Assign)):
        return small.value
    return None


class ConnectionAutocommit(StatementValues, SqlaCodemod):
    ID = "connection-autocommit"
    SUMMARY = "conn.commit() after each write 1.x autocommitted on an engine.connect() connection (2.0 rolls it back)"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"execute", b"scalar", b"exec_driver_sql", b"autocommit", b"create_all", b"drop_all", b"create(", b"drop(")
    SITES = Sites(calls=_ENGINE_FACTORIES, methods=frozenset(_EXECUTES + _SCHEMA_DDL + ("execution_options",)))
    EXAMPLES = (
        Example(
            before="from sqlalchemy import create_engine, text\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "with engine.connect() as conn:\n"
            '    conn.execute(text("INSERT INTO users (name) VALUES (:name)"), [{"name": "a"}, {"name": "b"}])\n'
            '    conn.execute(text("UPDATE users SET active = 1"))\n'
            '    rows = conn.execute(text("SELECT * FROM users")).fetchall()\n',
            after="from sqlalchemy import create_engine, text\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "with engine.connect() as conn:\n"
            '    conn.execute(text("INSERT INTO users (name) VALUES (:name)"), [{"name": "a"}, {"name": "b"}])\n'
            "    conn.commit()\n"
            '    conn.execute(text("UPDATE users SET active = 1"))\n'
            "    conn.commit()\n"
            '    rows = conn.execute(text("SELECT * FROM users")).fetchall()\n',
        ),
        Example(
            before="from sqlalchemy import create_engine, text\n\n"
            'engine = create_engine("sqlite:///app.db")\n\n\n'
            "def remove(uid):\n"
            "    conn = engine.connect()\n"
            '    return conn.execute(text("DELETE FROM users WHERE id = :id"), {"id": uid}).rowcount\n',
            after="from sqlalchemy import create_engine, text\n\n"
            'engine = create_engine("sqlite:///app.db")\n\n\n'
            "def remove(uid):\n"
            "    conn = engine.connect()\n"
            '    result = conn.execute(text("DELETE FROM users WHERE id = :id"), {"id": uid}).rowcount\n'
            "    conn.commit()\n"
            "    return result\n",
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: id(original unit) → (connection name, name for a returned value or None)
        self._commits: Dict[int, Tuple[str, Optional[str]]] = {}
        self._drop_options: Set[int] = set()  # ids of `.execution_options(autocommit=True)` calls to remove
        self._reported_tries: Set[int] = set()
        self._maps: Dict[int, ScopeMap] = {}

    # -- planning -----------------------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in _EXECUTES and isinstance(func.value, cst.Name) and self.kind_of(func.value) == Kind.CONNECTION:
                self._execute(node, func.value)
            elif method in _SCHEMA_DDL and self.kind_of(func.value) in (Kind.METADATA, Kind.FROMCLAUSE, Kind.INDEX, Kind.SEQUENCE):
                bind = self._bind_argument(node)
                if isinstance(bind, cst.Name) and self.kind_of(bind) == Kind.CONNECTION:
                    self._execute(node, bind, ddl=True)
            elif method == "execution_options" and self._autocommit_option(node):
                kind = self.kind_of(func.value)
                if kind in (Kind.CONNECTION, Kind.ENGINE):
                    self.report(
                        node,
                        f"2.0 ignores execution_options(autocommit=True) on a{'n Engine' if kind == Kind.ENGINE else ' Connection'} "
                        "without a word: call conn.commit() after each statement it was meant to commit",
                    )
            return
        if isinstance(func, cst.Name) and self.qualified_names(func) & _ENGINE_FACTORIES:
            options = _keyword(node, "execution_options")
            if options is not None:
                _, value = _dict_entry(options.value, "autocommit")
                if value is not None and _is_true(value):
                    self.report(
                        node,
                        "2.0 ignores the engine-wide execution_options autocommit=True without a word: every "
                        "statement it committed needs conn.commit() (or isolation_level=\"AUTOCOMMIT\" if that is "
                        "what was meant)",
                    )

    @staticmethod
    def _bind_argument(call: cst.Call) -> Optional[cst.BaseExpression]:
        bind = _keyword(call, "bind")
        if bind is not None:
            return bind.value
        first = call.args[0] if call.args else None
        return first.value if first is not None and first.keyword is None and not first.star else None

    @staticmethod
    def _autocommit_option(call: cst.Call) -> bool:
        arg = _keyword(call, "autocommit")
        return arg is not None and _is_true(arg.value)

    def _execute(self, call: cst.Call, conn: cst.Name, ddl: bool = False) -> None:
        args = call.args
        statement = args[0].value if args and args[0].keyword is None and not args[0].star and not ddl else None
        if statement is not None and is_commit_statement(statement, self._values):
            self.report(
                call,
                "2.0 does not allow ending the transaction with a COMMIT statement (the 1.x trick before CREATE "
                "DATABASE): use the driver connection (`conn.connection.dbapi_connection`, autocommit on) or "
                '`conn.execution_options(isolation_level="AUTOCOMMIT")`',
            )
            return
        origin = self._origin(conn)
        if origin != _LEGACY:
            if origin == _UNCLEAR:
                self.report(
                    call,
                    "1.x autocommitted writes on this connection unless its engine was made with future=True or "
                    "isolation_level=\"AUTOCOMMIT\", which cannot be told here: add conn.commit() after each write "
                    "if it was not",
                )
            return
        scope = self._statement_scope()
        if scope.is_class:
            return
        smap = self._map(scope.node)
        name = conn.value
        if self._commits_itself(name, smap) or self._in_with_begin(call, name, smap):
            return
        args0 = statement
        if ddl:
            commits = Commits.YES  # 1.x committed after each DDL statement create_all()/create() emitted
        else:
            commits = statement_commits(args0, self.kind_of, self._values) if args0 is not None else Commits.UNKNOWN
        if commits == Commits.NO:
            keyword = hidden_write(args0, self._values) if args0 is not None else None
            reported = self.state.facts.get("engine-execute:reported", ())
            if keyword is not None and not any(id(a) in reported for a in smap.ancestors(call)):  # type: ignore[operator]
                self.report(
                    call,
                    f"1.x rolled this statement back (it contains {keyword} but does not start with "
                    "INSERT/UPDATE/DELETE/CREATE/DROP/ALTER), and so does 2.0: call conn.commit() after it if it "
                    "must persist",
                )
            return
        inside = self._in_begun_transaction(call, name, smap)
        if inside is True:
            return
        unit = smap.unit(call)
        where = self._placement(call, unit, name, smap)
        if inside is None:
            where = "a conn.begin() of this connection may or may not enclose it"
        if where is not None:
            self.report(
                call,
                f"1.x committed this statement by itself and 2.0 rolls it back when the connection closes: call "
                f"conn.commit() right after it (not rewritten: {where})",
            )
            return
        if self._already_committed(unit, name, smap):
            if commits == Commits.YES:
                self._report_tries(unit, name, smap)  # type: ignore[arg-type]
            return
        if commits == Commits.UNKNOWN and not self.allow_unsafe(
            call,
            "1.x committed this statement by itself if it was a write, and 2.0 rolls it back when the connection "
            "closes: call conn.commit() after it if it writes (what runs here is not known)",
        ):
            return
        self._report_tries(unit, name, smap)  # type: ignore[arg-type]
        returned = None
        if isinstance(unit, (cst.SimpleStatementLine, cst.SimpleStatementSuite)) and isinstance(unit.body[-1], cst.Return):
            returned = fresh_name(scope.node, self.context.wrapper.module, ("result", "res", "_result"))  # type: ignore[union-attr]
        self._commits[id(unit)] = (name, returned)
        self._mark_option(args0)

    def _mark_option(self, statement: Optional[cst.BaseExpression]) -> None:
        probe = statement
        while isinstance(probe, cst.Call) and isinstance(probe.func, cst.Attribute):
            if probe.func.attr.value == "execution_options" and self._autocommit_option(probe):
                self._drop_options.add(id(probe))
                return
            probe = probe.func.value

    def _origin(self, conn: cst.Name) -> Optional[str]:
        """_LEGACY when every binding of ``conn`` is `engine.connect()` of an engine that autocommitted in
        1.x; _EXEMPT / _UNCLEAR / None (not known to come from engine.connect()) otherwise."""
        names = self.state.names
        found = names.lookup(conn.value)  # type: ignore[union-attr]
        if found is None:
            return None
        answers = set()
        for b in found[1]:
            if b.kind not in (BindingKind.WITH, BindingKind.ASSIGN) or b.value is None:
                return None
            with names.within(b.scope):  # type: ignore[union-attr]
                answers.add(self._connect_origin(b.value))
        return answers.pop() if len(answers) == 1 else None

    def _connect_origin(self, value: cst.BaseExpression) -> Optional[str]:
        options: List[cst.Call] = []
        while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "execution_options":
            options.append(value)
            value = value.func.value
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "connect"):
            return None
        engine = value.func.value
        if self.kind_of(engine) != Kind.ENGINE:
            return None
        for opt in options:
            if any(a.star for a in opt.args):
                return _UNCLEAR
            level = _keyword(opt, "isolation_level")
            if level is not None:
                text = _string(level.value)
                return _EXEMPT if text is not None and text.upper() == "AUTOCOMMIT" else _UNCLEAR
            if self._autocommit_option(opt):
                return _EXEMPT  # reported where the option is set
        return self._engine_flags(engine)

    def _engine_flags(self, engine: cst.BaseExpression) -> str:
        if not isinstance(engine, cst.Name):
            return _LEGACY
        values = self.bound_values(engine)
        if not values:
            return _LEGACY  # a parameter, an import, the index's engine: 1.x code, made the 1.x way
        answers = set()
        for value in values:
            if not (isinstance(value, cst.Call) and isinstance(value.func, (cst.Name, cst.Attribute))):
                return _LEGACY
            if not (self.qualified_names(value.func) & _ENGINE_FACTORIES):
                return _LEGACY
            answers.add(self._create_engine_flags(value))
        return answers.pop() if len(answers) == 1 else _UNCLEAR

    @staticmethod
    def _create_engine_flags(call: cst.Call) -> str:
        if any(a.star == "**" for a in call.args):
            return _UNCLEAR
        future = _keyword(call, "future")
        if future is not None:
            if _is_true(future.value):
                return _EXEMPT
            if not (isinstance(future.value, cst.Name) and future.value.value == "False"):
                return _UNCLEAR
        level = _keyword(call, "isolation_level")
        if level is not None:
            text = _string(level.value)
            if text is None:
                return _UNCLEAR
            if text.upper() == "AUTOCOMMIT":
                return _EXEMPT
        options = _keyword(call, "execution_options")
        if options is not None:
            known, value = _dict_entry(options.value, "isolation_level")
            if not known:
                return _UNCLEAR
            if value is not None:
                text = _string(value)
                if text is None:
                    return _UNCLEAR
                if text.upper() == "AUTOCOMMIT":
                    return _EXEMPT
            _, auto = _dict_entry(options.value, "autocommit")
            if auto is not None:
                return _EXEMPT  # every statement autocommitted: reported at create_engine()
        return _LEGACY

    def _commits_itself(self, name: str, smap: ScopeMap) -> bool:
        """Whether the scope commits or rolls back this connection itself (2.0-style code, or a future
        engine). What this codemod writes does not count: a commit right after every write 1.x
        autocommitted; a commit after some writes only is the program's own transaction."""
        commits = False
        writes: List[cst.Call] = []
        for n in smap.names.get(name, ()):
            attr = smap.parent_of(n)
            call = smap.parent_of(attr) if attr is not None else None
            if not (isinstance(attr, cst.Attribute) and attr.value is n and isinstance(call, cst.Call) and call.func is attr):
                continue
            method = attr.attr.value
            if method == "rollback":
                return True
            if method == "commit":
                if not self._follows_execute(call, name, smap):
                    return True
                commits = True
            elif method in _EXECUTES:
                writes.append(call)
        for other in (c for c in self._ddl_calls(smap) if self._bind_argument(c) is not None):
            bind = self._bind_argument(other)
            if isinstance(bind, cst.Name) and bind.value == name:
                writes.append(other)
        if not commits:
            return False
        for call in writes:
            args = call.args
            statement = args[0].value if args and args[0].keyword is None and not args[0].star else None
            is_ddl = isinstance(call.func, cst.Attribute) and call.func.attr.value in _SCHEMA_DDL
            if not is_ddl and (statement is None or statement_commits(statement, self.kind_of, self._values) != Commits.YES):
                continue
            unit = smap.unit(call)
            if unit is not None and not self._in_with_begin(call, name, smap) and not self._already_committed(unit, name, smap):
                return True
        return False

    @staticmethod
    def _ddl_calls(smap: ScopeMap) -> List[cst.Call]:
        return [
            c for c in calls_in(smap.root)
            if isinstance(c.func, cst.Attribute) and c.func.attr.value in _SCHEMA_DDL
        ]

    def _follows_execute(self, commit: cst.Call, name: str, smap: ScopeMap) -> bool:
        unit = smap.unit(commit)
        suite = smap.parent_of(unit) if unit is not None else None
        if not isinstance(suite, SUITES):
            return False
        body = list(suite.body)  # type: ignore[union-attr]
        i = next(k for k, s in enumerate(body) if s is unit)
        return i > 0 and any(
            _method_call(c, name, _EXECUTES) or (
                isinstance(c.func, cst.Attribute) and c.func.attr.value in _SCHEMA_DDL
                and isinstance(self._bind_argument(c), cst.Name) and self._bind_argument(c).value == name  # type: ignore[union-attr]
            )
            for c in calls_in(body[i - 1])
        )

    def _already_committed(self, unit, name: str, smap: ScopeMap) -> bool:
        suite = smap.parent_of(unit)
        if not isinstance(suite, SUITES):
            return False
        body = list(suite.body)  # type: ignore[union-attr]
        i = next(k for k, s in enumerate(body) if s is unit)
        if i + 1 >= len(body):
            return False
        value = _line_call(body[i + 1])
        return value is not None and _method_call(value, name, ("commit",)) and not value.args  # type: ignore[union-attr]

    def _in_with_begin(self, call: cst.Call, name: str, smap: ScopeMap) -> bool:
        for a in smap.ancestors(call):
            if isinstance(a, cst.With) and any(_method_call(item.item, name, _BEGINS) for item in a.items):
                return True
        return False

    def _in_begun_transaction(self, call: cst.Call, name: str, smap: ScopeMap) -> Optional[bool]:
        """True when a `trans = conn.begin()` line before the execute, at its level or an enclosing one,
        is not closed (commit/rollback/close) before it; None when a begin() of the connection outside
        a with-block precedes it in some other way; False otherwise."""
        begins = [
            c for c in self._begin_calls(name, smap)
            if smap.order[id(c)] < smap.order[id(call)]
        ]
        if not begins:
            return False
        seen: Set[int] = set()
        # what can end the transaction: the connection itself, or a name a begin() of it was assigned to
        owners = {name}
        for c in begins:
            assign = smap.parent_of(c)
            if isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name):
                owners.add(assign.targets[0].target.value)
        node: cst.CSTNode = call
        for a in smap.ancestors(call):
            if isinstance(a, SUITES):
                body = list(a.body)  # type: ignore[union-attr]
                k = next((j for j, s in enumerate(body) if s is node), None)
                if k is not None:
                    for j in range(k - 1, -1, -1):
                        value = _line_call(body[j])
                        if value is not None and _method_call(value, name, _BEGINS):
                            seen.add(id(value))
                            return True
                        if value is not None and isinstance(value, cst.Call) and self._closer(value, owners):
                            # closed before the execute: the begin() lines before it are accounted for
                            for before in body[:j]:
                                opened = _line_call(before)
                                if opened is not None and _method_call(opened, name, _BEGINS):
                                    seen.add(id(opened))
                            break
                        s = body[j]
                        if any(_method_call(c, name, _BEGINS) or self._closer(c, owners) for c in calls_in(s)):
                            return None  # a transaction begun or ended somewhere inside: not followed here
            node = a
        return None if any(id(c) not in seen for c in begins) else False

    @staticmethod
    def _closer(call: cst.Call, owners: Set[str]) -> bool:
        func = call.func
        return (
            isinstance(func, cst.Attribute)
            and func.attr.value in _CLOSERS
            and isinstance(func.value, cst.Name)
            and func.value.value in owners
        )

    def _begin_calls(self, name: str, smap: ScopeMap) -> List[cst.Call]:
        out = []
        for n in smap.names.get(name, ()):
            attr = smap.parent_of(n)
            call = smap.parent_of(attr) if attr is not None else None
            if isinstance(attr, cst.Attribute) and attr.value is n and attr.attr.value in _BEGINS and isinstance(call, cst.Call) and call.func is attr:
                item = smap.parent_of(call)
                if not isinstance(item, cst.WithItem):
                    out.append(call)
        return out

    def _placement(self, call: cst.Call, unit, name: str, smap: ScopeMap) -> Optional[str]:
        """Why ``conn.commit()`` cannot simply follow the statement holding ``call``; None when it can."""
        if unit is None or smap.lazy(call, unit):
            return "it runs later than its statement (a lambda, a generator expression, a def)"
        if isinstance(unit, cst.BaseCompoundStatement):
            return "it is in the header of a compound statement; commit before its body"
        if smap.in_comprehension(call, unit):
            return "it runs once per element of a comprehension: one commit each"
        if not isinstance(smap.suite_of(unit), (cst.IndentedBlock, cst.Module, cst.SimpleStatementSuite)):
            return "not in a block of statements"
        writes = [c for c in calls_in(unit) if _method_call(c, name, _EXECUTES)]
        if len(writes) > 1:
            return "several executes in one statement: give each a statement of its own"
        for small in unit.body[:-1]:
            if isinstance(small, (cst.Return, cst.Raise, cst.Break, cst.Continue)):
                return "the statement line leaves the block before a commit could run"
        last = unit.body[-1]
        if isinstance(last, (cst.Raise, cst.Break, cst.Continue)):
            return "the statement line leaves the block before a commit could run"
        if isinstance(last, cst.Return) and (last.value is None or not smap.within(call, last.value)):
            return "the statement line returns before a commit could run"
        return None

    def _report_tries(self, unit: cst.CSTNode, name: str, smap: ScopeMap) -> None:
        child = unit
        for a in smap.ancestors(unit):
            if isinstance(a, (cst.Try, cst.TryStar)) and a.handlers and smap.within(child, a.body) and id(a) not in self._reported_tries:
                self._reported_tries.add(id(a))
                self.report(
                    a,
                    f"a write on {name} that 1.x autocommitted is inside this try: 1.x rolled a failed statement "
                    f"back by itself and the connection stayed usable; in 2.0 call {name}.rollback() in the "
                    "handler before using the connection again",
                )
            child = a

    # -- rewriting ------------------------------------------------------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if id(original_node) not in self._drop_options:
            return updated_node
        func = updated_node.func
        assert isinstance(func, cst.Attribute)
        kept = [a for a in updated_node.args if not (a.keyword is not None and a.keyword.value == "autocommit")]
        if not kept:
            return func.value.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar) if updated_node.lpar else func.value
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(args=kept)

    @staticmethod
    def _commit_line(conn: str) -> cst.SimpleStatementLine:
        return cst.SimpleStatementLine(
            body=[cst.Expr(cst.Call(func=cst.Attribute(value=cst.Name(conn), attr=cst.Name("commit"))))]
        )

    def _with_commit(self, plan: Tuple[str, Optional[str]], updated: cst.BaseStatement) -> List[cst.BaseStatement]:
        conn, returned = plan
        if returned is None:
            return [updated, self._commit_line(conn)]
        assert isinstance(updated, cst.SimpleStatementLine)
        ret = updated.body[-1]
        assert isinstance(ret, cst.Return) and ret.value is not None
        assign = cst.Assign(targets=[cst.AssignTarget(target=cst.Name(returned))], value=ret.value)
        first = updated.with_changes(body=[*updated.body[:-1], assign])
        return [first, self._commit_line(conn), cst.SimpleStatementLine(body=[cst.Return(value=cst.Name(returned))])]

    def _add_commits(self, original, updated):
        if not any(id(s) in self._commits for s in original.body):
            return updated
        if len(original.body) != len(updated.body):
            # another rewrite added or removed statements here: the pairing is lost
            for s in original.body:
                if id(s) in self._commits:
                    self.report(s, "1.x committed a write in this statement by itself: add conn.commit() after it (not rewritten: another rewrite changed the statements around it; run again)")
            return updated
        out: List[cst.BaseStatement] = []
        for orig, new in zip(original.body, updated.body):
            plan = self._commits.get(id(orig))
            if plan is None or not isinstance(new, cst.SimpleStatementLine):
                out.append(new)
            else:
                out.extend(self._with_commit(plan, new))
        return updated.with_changes(body=out)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        return self._add_commits(original_node, updated_node)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return self._add_commits(original_node, updated_node)

    def leave_SimpleStatementSuite(
        self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite
    ) -> cst.BaseSuite:
        plan = self._commits.get(id(original_node))
        if plan is None:
            return updated_node
        return cst.IndentedBlock(body=self._with_commit(plan, suite_as_line(updated_node)))
