"""`engine.execute(...)` and `engine.scalar(...)` (connectionless execution, removed in 2.0) on a proven
Engine → one `with engine.begin() as conn:` / `with engine.connect() as conn:` block per original
statement (never one block for several: that would make N independent commits one transaction).

1.x checked out a connection, executed, committed right away when it classified the statement as a write
(`sqla_upgrade/autocommit.py`: insert/update/delete and DDL constructs, SQL strings and `text()` starting
with INSERT/UPDATE/DELETE/CREATE/DROP/ALTER, `execution_options(autocommit=True)`), and rolled everything
else back when the connection went back to the pool. A name holding the statement is followed to the
assignment that reaches the call in straight-line code (`sql = "DELETE ..."; engine.execute(sql)`); a string
built at run time is classified by its literal start (`"DELETE FROM %s" % t`, `"DROP TABLE {}".format(t)`).
So:

* a statement 1.x committed gets `engine.begin()` (commit at the end of the block, rollback on an error,
  as 1.x did); one it did not commit gets `engine.connect()` (2.0 rolls it back at the end of the block,
  as 1.x did). Safe.
* A SQL literal that 1.x did not commit but that contains a write keyword anywhere (`WITH ... INSERT`,
  `CALL p()`, `EXEC p`, `TRUNCATE t`, `MERGE ...`) keeps `engine.connect()` and is reported: 1.x rolled it
  back, which is probably not what was meant, but a rewrite that commits it would change the program.
* A statement whose type is not known here (a variable, a parameter, a string built at run time) gets
  `engine.begin()` as an unsafe fix (`--unsafe-fixes`), otherwise a finding. begin() is right for every
  write and harmless for a plain SELECT, but commits a side-effecting statement that 1.x rolled back
  (`SELECT nextval(...)` is not transactional, `CALL p()` is): a wrong commit is a changed program, so it is
  never applied silently.

The shapes (catalogue §2c): (1) the call as a whole statement; (2) its result consumed in the same
statement (`.scalar()`, `.fetchall()`, `.first()`, `.rowcount`, `.inserted_primary_key`, `.keys()`,
`.scalars().all()`, `list(...)`, a list comprehension over it; `engine.scalar()` itself); (3) the iterable
of a `for` loop, which moves into the block; (4) `res = engine.execute(...)` followed by uses of `res` in the
same block of code: the block runs from the assignment through the last use. The call becomes
`conn.execute(<same arguments>)` (`conn.scalar(stmt)` for `engine.scalar(stmt)`), on the block's
connection, so that execute-params, which runs after this codemod, normalises its parameters; `conn` is a
name the scope does not use.

Reported, never rewritten: a result that escapes the block (returned, yielded, stored in an attribute or a
container, passed on unconsumed, aliased, used in a nested function or after the block): fetching the rows
with `.fetchall()` would change what callers get (a list instead of a Result with `.first()`, `.keys()`,
`.rowcount`); the call in the header of an `if`/`while`/`with` (the block would hold the connection, or the
transaction, while the body runs); in a lambda, a generator expression or a class body; two executions in
one statement; a `yield` that would suspend inside the block. When the block would also run other calls
before its COMMIT (`notify(engine.execute(t.insert()).inserted_primary_key)`, a loop body), that is an
unsafe fix: if that code fails, the write 1.x had already committed is rolled back.

Nothing is done on receivers that are not proven Engines (`cursor.execute`, `subprocess`, Celery tasks,
Sessions, a user's own class): `conn.execute()` on a Connection is connection-autocommit's and
execute-params'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple, Union

import libcst as cst

from sqla_upgrade.autocommit import Commits, hidden_write, statement_commits
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.execution import (
    CONSUMED,
    INERT_BUILTINS,
    LOOP,
    ScopeMap,
    StatementValues,
    calls_in,
    connection_block,
    fresh_name,
    result_chain_calls,
    result_use,
    suite_as_line,
)
from sqla_upgrade.kinds import Kind
from sqla_upgrade.matchers import builtin_call

_METHODS = ("execute", "scalar")
#: key of FileState.facts: ids of the with-blocks written here around a hidden write it reported
REPORTED_FACT = "engine-execute:reported"
_ADVICE = "use `with engine.begin() as conn: conn.execute(...)` (`engine.connect()` for a statement that only reads)"


@dataclass
class _Block:
    """A planned with-block: the statements it takes (ids of the original nodes of one suite, in order),
    and the engine call in the first of them."""

    units: Tuple[int, ...]
    call: int
    node: cst.Call
    method: str  # "begin" / "connect"
    conn: str
    scalar: bool
    #: the statement's hidden write was reported here (connection-autocommit then does not repeat it)
    reported: bool = False


class _ReplaceCall(cst.CSTTransformer):
    def __init__(self, target: cst.Call, new: cst.BaseExpression) -> None:
        self.target = target
        self.new = new
        self.done = False

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        if original_node is self.target:
            self.done = True
            return self.new
        return updated_node


class EngineExecute(StatementValues, SqlaCodemod):
    ID = "engine-execute"
    SUMMARY = "engine.execute()/engine.scalar() → a `with engine.begin()/connect() as conn:` block per statement"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"execute", b"scalar")
    SITES = Sites(methods=frozenset(_METHODS))
    # execute-params and connection-autocommit must see the `conn.execute(...)` this writes.
    EMITS = (b"conn.execute(", b"conn.scalar(")
    EXAMPLES = (
        Example(
            before="from sqlalchemy import create_engine, text\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            'engine.execute(text("INSERT INTO users (name) VALUES (:name)"), {"name": "x"})\n'
            'n = engine.execute(text("SELECT count(*) FROM users")).scalar()\n'
            'for row in engine.execute(text("SELECT name FROM users")):\n'
            "    print(row.name)\n",
            after="from sqlalchemy import create_engine, text\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "with engine.begin() as conn:\n"
            '    conn.execute(text("INSERT INTO users (name) VALUES (:name)"), {"name": "x"})\n'
            "with engine.connect() as conn:\n"
            '    n = conn.execute(text("SELECT count(*) FROM users")).scalar()\n'
            "with engine.connect() as conn:\n"
            '    for row in conn.execute(text("SELECT name FROM users")):\n'
            "        print(row.name)\n",
        ),
        Example(
            before="from sqlalchemy import create_engine, text\n\n"
            'engine = create_engine("sqlite:///app.db")\n\n\n'
            "def add(name):\n"
            '    res = engine.execute(text("INSERT INTO users (name) VALUES (:name)"), {"name": name})\n'
            "    return res.lastrowid\n",
            after="from sqlalchemy import create_engine, text\n\n"
            'engine = create_engine("sqlite:///app.db")\n\n\n'
            "def add(name):\n"
            "    with engine.begin() as conn:\n"
            '        res = conn.execute(text("INSERT INTO users (name) VALUES (:name)"), {"name": name})\n'
            "        return res.lastrowid\n",
        ),
        Example(
            before="from sqlalchemy import create_engine\n\n"
            'engine = create_engine("sqlite:///app.db")\n\n\n'
            "def run(sql):\n"
            "    engine.execute(sql)\n",
            after="from sqlalchemy import create_engine\n\n"
            'engine = create_engine("sqlite:///app.db")\n\n\n'
            "def run(sql):\n"
            "    with engine.begin() as conn:\n"
            "        conn.execute(sql)\n",
            unsafe=True,
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._blocks: Dict[int, _Block] = {}  # id(first original unit) → block
        self._updated_calls: Dict[int, cst.Call] = {}  # id(original engine call) → its updated node
        self._maps: Dict[int, ScopeMap] = {}
        self._names: Dict[int, str] = {}

    # -- planning (on the way down, original nodes) -------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _METHODS and self.kind_of(func.value) == Kind.ENGINE:
            self._plan(node, func.attr.value == "scalar")

    def _not_rewritten(self, call: cst.Call, why: str) -> None:
        self.report(call, f"Engine.{call.func.attr.value}() is removed in 2.0: {_ADVICE}; not rewritten: {why}")  # type: ignore[attr-defined]

    def _conn_name(self, root: cst.CSTNode) -> str:
        name = self._names.get(id(root))
        if name is None:
            name = self._names[id(root)] = fresh_name(root, self.context.wrapper.module, ("conn", "connection", "_conn"))  # type: ignore[union-attr]
        return name

    def _is_engine_call(self, node: cst.CSTNode) -> bool:
        return (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in _METHODS
            and self.kind_of(node.func.value) == Kind.ENGINE
        )

    def _on_engine(self, node: cst.Call) -> bool:
        return isinstance(node.func, cst.Attribute) and self.kind_of(node.func.value) == Kind.ENGINE

    def _plan(self, call: cst.Call, scalar: bool) -> None:
        scope = self._statement_scope()
        if scope.is_class:
            self._not_rewritten(call, "in a class body, the connection would become a class attribute")
            return
        smap = self._map(scope.node)
        unit = smap.unit(call)
        if unit is None or smap.lazy(call, unit):
            self._not_rewritten(call, "it runs later than its statement (in a lambda, a generator expression or a def)")
            return
        use = CONSUMED if scalar else result_use(call, smap, self.state.names)  # type: ignore[arg-type]
        header = unit
        if isinstance(unit, cst.BaseCompoundStatement):
            if not (isinstance(unit, cst.For) and not unit.asynchronous and smap.within(call, unit.iter) and use in (CONSUMED, LOOP)):
                if isinstance(unit, cst.For) and use is None:
                    self._not_rewritten(call, "its result is passed on unconsumed")
                else:
                    self._not_rewritten(
                        call,
                        "in the header of a compound statement, the block would hold the connection while its body "
                        "runs; assign the value to a name first",
                    )
                return
            header = unit.iter
        if smap.in_comprehension(call, unit):
            self._not_rewritten(call, "it runs once per element of a comprehension")
            return
        if sum(1 for c in calls_in(header) if self._is_engine_call(c)) > 1:
            self._not_rewritten(call, "several executions in one statement: give each a statement of its own")
            return
        suite = smap.suite_of(unit)
        if suite is None:
            self._not_rewritten(call, "not in a block of statements")
            return
        units: List[cst.CSTNode] = [unit]
        result_name: Optional[str] = None
        if use is None:
            small = self._small_statement(call, smap)
            if isinstance(small, cst.Expr) and small.value is call:
                pass  # (1) the result is discarded
            elif (
                isinstance(small, cst.Assign)
                and small.value is call
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
            ):
                result_name = small.targets[0].target.value  # type: ignore[union-attr]
                found = self._result_range(unit, small.targets[0].target, suite, smap, scope)
                if isinstance(found, str):
                    self._escapes(call, found)
                    return
                units = found
            else:
                self._escapes(call, "it is returned, yielded, stored or passed on")
                return
        if any(isinstance(n, (cst.Yield, cst.Await)) for u in units for n in self._own_nodes(u, smap)):
            self._not_rewritten(call, "a yield would suspend inside the block, holding its connection")
            return
        args = call.args
        statement = args[0].value if args and args[0].keyword is None and not args[0].star else None
        commits = (
            statement_commits(statement, self.kind_of, self._values) if statement is not None else Commits.UNKNOWN
        )
        method = "connect" if commits == Commits.NO else "begin"
        if commits == Commits.UNKNOWN:
            if not self.allow_unsafe(
                call,
                f"Engine.{'scalar' if scalar else 'execute'}() is removed in 2.0: use `with engine.begin() as conn:` "
                "if this statement writes, `engine.connect()` if it only reads (1.x committed writes only, and "
                "what runs here is not known)",
            ):
                return
        elif commits == Commits.YES and not self._inert(units, call, result_name, smap):
            if not self.allow_unsafe(
                call,
                f"Engine.{'scalar' if scalar else 'execute'}() is removed in 2.0: `with engine.begin() as conn:` "
                "would also run the other code of this statement inside the transaction, before its COMMIT (1.x "
                "committed right after executing): if that code fails, the write is rolled back",
            ):
                return
        reported = False
        if commits == Commits.NO and statement is not None:
            keyword = hidden_write(statement, self._values)
            if keyword is not None:
                reported = True
                self.report(
                    call,
                    f"1.x rolled this statement back (it contains {keyword} but does not start with "
                    "INSERT/UPDATE/DELETE/CREATE/DROP/ALTER): rewritten to engine.connect(), which rolls it back "
                    "too; use engine.begin() if it must persist",
                )
        self._blocks[id(units[0])] = _Block(
            units=tuple(id(u) for u in units),
            call=id(call),
            node=call,
            method=method,
            conn=self._conn_name(scope.node),
            scalar=scalar,
            reported=reported,
        )

    def _escapes(self, call: cst.Call, why: str) -> None:
        self.report(
            call,
            f"Engine.execute() is removed in 2.0 and this result escapes the connection scope ({why}): fetch the "
            "rows inside `with engine.connect() as conn:` (e.g. `.all()`, `.mappings().all()`) and return or "
            "keep those",
        )

    @staticmethod
    def _small_statement(call: cst.Call, smap: ScopeMap) -> Optional[cst.CSTNode]:
        for a in smap.ancestors(call):
            if isinstance(a, cst.BaseSmallStatement):
                return a
        return None

    @staticmethod
    def _own_nodes(unit: cst.CSTNode, smap: ScopeMap):
        """The nodes of ``unit`` outside the defs, lambdas and classes it contains."""
        stack = [unit]
        while stack:
            n = stack.pop()
            yield n
            if n is not unit and isinstance(n, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                continue
            stack.extend(n.children)

    def _inert(self, units: Sequence[cst.CSTNode], call: cst.Call, result: Optional[str], smap: ScopeMap) -> bool:
        """Whether the code moved into a begin() block besides the execution itself calls nothing that could
        fail or reach the database before the COMMIT (methods on the result and a few builtins are fine)."""
        allowed = result_chain_calls(call, smap)
        if result is not None:
            for name in smap.names.get(result, ()):
                allowed |= result_chain_calls(name, smap)
        for unit in units:
            for c in calls_in(unit):
                if c is call or id(c) in allowed or smap.within(c, call):
                    continue
                if builtin_call(c, self.state.names, *INERT_BUILTINS):  # type: ignore[arg-type]
                    continue
                return False
        return True

    def _result_range(self, unit, target: cst.Name, suite, smap: ScopeMap, scope) -> Union[str, List[cst.CSTNode]]:
        """The statements from ``unit`` (``target = engine.execute(...)``) through the last use of the name
        in the same suite, when no use escapes; else why not."""
        name = target.value
        body = list(suite.body) if isinstance(suite, (cst.IndentedBlock, cst.Module)) else [suite]
        if name in scope.globals or name in scope.nonlocals:
            return f"{name} is declared global or nonlocal"
        mentions = smap.names.get(name, [])
        root = smap.root
        if any(smap.lazy(n, root) for n in mentions):
            return f"{name} is used in a nested function, lambda or generator expression"
        i = next(k for k, s in enumerate(body) if s is unit)
        stop, last = len(body), i
        for j in range(i + 1, len(body)):
            if self._plain_rebinding(body[j], name, smap):
                stop = j
                break
            if any(smap.within(n, body[j]) for n in mentions):
                last = j
        units = body[i : last + 1]
        for n in mentions:
            inside = any(smap.within(n, u) for u in units)
            if not inside:
                if smap.order[id(n)] < smap.order[id(unit)]:
                    loops = [a for a in smap.ancestors(unit) if isinstance(a, (cst.For, cst.While))]
                    if any(smap.within(n, loop) for loop in loops):
                        return f"{name} is used earlier in the enclosing loop"
                    continue
                if stop < len(body) and any(smap.within(n, s) for s in body[stop:]):
                    continue
                return f"{name} is used after the block"
            if n is target:
                continue
            parent = smap.parent_of(n)
            if isinstance(parent, cst.Del):
                continue
            if isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.WithItem, cst.AsName)) and (
                getattr(parent, "target", None) is n or getattr(parent, "name", None) is n
            ):
                return f"{name} is bound again before its last use"
            if result_use(n, smap, self.state.names) not in (CONSUMED, LOOP):  # type: ignore[arg-type]
                return f"{name} is returned, stored, aliased or passed on"
        for u in units[1:]:
            if any(self._on_engine(c) for c in calls_in(u)):
                return "the engine is used again before the last use, which would need a second connection"
        return units  # type: ignore[return-value]

    @staticmethod
    def _plain_rebinding(stmt: cst.CSTNode, name: str, smap: ScopeMap) -> bool:
        if not isinstance(stmt, cst.SimpleStatementLine):
            return False
        first = stmt.body[0]
        if not (isinstance(first, cst.Assign) and len(first.targets) == 1):
            return False
        target = first.targets[0].target
        if not (isinstance(target, cst.Name) and target.value == name):
            return False
        return not any(smap.within(n, first.value) for n in smap.names.get(name, []))

    # -- rewriting (on the way up) ------------------------------------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        self._updated_calls[id(original_node)] = updated_node
        return updated_node

    def _rewrite_unit(self, block: _Block, updated_unit: cst.CSTNode) -> Optional[Tuple[cst.CSTNode, cst.BaseExpression]]:
        """The unit with its engine call on the block's connection, and the engine expression; None when
        the call is no longer there (another codemod replaced it)."""
        call = self._updated_calls.get(block.call)
        if call is None or not isinstance(call.func, cst.Attribute):
            return None
        conn = cst.Name(block.conn)
        if block.scalar and not (len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star):
            # parameters to normalise: execute-params reads conn.execute(...)
            inner = call.with_changes(func=cst.Attribute(value=conn, attr=cst.Name("execute")), lpar=[], rpar=[])
            new: cst.BaseExpression = cst.Call(
                func=cst.Attribute(value=inner, attr=cst.Name("scalar")), lpar=call.lpar, rpar=call.rpar
            )
        else:
            new = call.with_changes(func=call.func.with_changes(value=conn))
        replacer = _ReplaceCall(call, new)
        rewritten = updated_unit.visit(replacer)
        if not replacer.done:
            return None
        return rewritten, call.func.value

    def _wrap(self, block: _Block, updated_units: Sequence[cst.CSTNode]) -> Optional[cst.With]:
        done = self._rewrite_unit(block, updated_units[0])
        if done is None:
            return None
        first, engine = done
        statements = [first, *updated_units[1:]]
        statements = [suite_as_line(s) if isinstance(s, cst.SimpleStatementSuite) else s for s in statements]
        wrapped = connection_block(engine, block.method, block.conn, statements, self.context.wrapper.module)  # type: ignore[arg-type, union-attr]
        if block.reported:
            # a later traversal sees this very block: connection-autocommit leaves the finding to ours
            self.state.facts.setdefault(REPORTED_FACT, set()).add(id(wrapped))  # type: ignore[union-attr]
        return wrapped

    def _wrap_body(self, original, updated):
        if not any(id(s) in self._blocks for s in original.body):
            return updated
        if len(original.body) != len(updated.body):
            # another rewrite added or removed statements here: the pairing is lost
            for s in original.body:
                block = self._blocks.get(id(s))
                if block is not None:
                    self._not_rewritten(block.node, "another rewrite changed the statements around it; run again")
            return updated
        body = list(updated.body)
        out: List[cst.BaseStatement] = []
        i = 0
        while i < len(body):
            block = self._blocks.get(id(original.body[i]))
            if block is None:
                out.append(body[i])
                i += 1
                continue
            n = len(block.units)
            wrapped = self._wrap(block, body[i : i + n])
            if wrapped is None:
                out.extend(body[i : i + n])
            else:
                out.append(wrapped)
            i += n
        return updated.with_changes(body=out)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        return self._wrap_body(original_node, updated_node)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return self._wrap_body(original_node, updated_node)

    def leave_SimpleStatementSuite(
        self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite
    ) -> cst.BaseSuite:
        block = self._blocks.get(id(original_node))
        if block is None:
            return updated_node
        wrapped = self._wrap(block, [updated_node])
        if wrapped is None:
            return updated_node
        return cst.IndentedBlock(body=[wrapped])
