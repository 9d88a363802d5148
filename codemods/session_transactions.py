"""The 1.x Session transaction API: autocommit mode, subtransactions and `Session.transaction`.

Rewritten, safe:

* `autocommit=False` is dropped from `Session(...)`, `sessionmaker(...)` and a proven sessionmaker's
  `.configure(...)`: it was the default, and 2.0 has no other mode.
* `session.begin(subtransactions=False)` → `session.begin()` on a proven Session or scoped_session (2.0's
  `begin()` has no such parameter and raises TypeError).

Rewritten as an unsafe fix (heuristic), reported otherwise:

* `with session.begin(subtransactions=True):` on a proven Session or scoped_session →
  `with _sqla_upgrade_subtransaction(session):`, a helper added once to the module. On a 1.x Session not in
  autocommit mode (the default) that block never began or committed anything: the session had begun its
  transaction already, or began one as the block opened, and the block's end only flushed. An exception in
  the block rolled the whole transaction back and left the session unusable until `rollback()`. The helper
  flushes at the end, and on an exception rolls the session back and re-raises. Edges: after the error a
  caller that swallows it can go on with a fresh transaction, where 1.x raised at its next use; and on a
  session that was in autocommit mode the 1.x block committed (then `Session(autocommit=True)` is reported
  too, and a module that creates one gets no fix). The `as` form (`with session.begin(subtransactions=True)
  as tx:`) is reported: there is no subtransaction object to bind. (Catalogue §2f's helper began and
  committed a transaction when none was in progress: on 1.4 the block joins the one the session autobegins,
  verified, so that helper committed what 1.x did not.)
* `session.transaction` (a read) → `session.get_transaction()` on a proven Session. Differences: 1.x's
  legacy Session began a transaction on this access where `get_transaction()` returns None before the first
  statement, and under `begin_nested()` 1.x returned the savepoint's transaction where `get_transaction()`
  returns the root one (`get_nested_transaction()` has the savepoint).

Reported, never rewritten:

* `Session(autocommit=True)` / `sessionmaker(autocommit=True)` / `autocommit=<expression>`: autocommit mode is
  removed in 2.0. Flushes outside `begin()` committed at once and queries ran without a transaction; a 2.0
  Session autobegins and commits only on `commit()`: wrap the units of work in `with session.begin():`.
* `session.begin(subtransactions=True)` called imperatively (not as a `with` item): in 1.x the matching
  `commit()` only closed the subtransaction; in 2.0 `commit()` always commits the whole transaction. Use one
  outer `begin()` (or the helper above as a context manager).
* `begin(subtransactions=...)` on a receiver that is not proven a Session (the keyword is SQLAlchemy's only).
"""

from __future__ import annotations

from typing import Optional, Set

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from sqla_upgrade.chain import drop_keyword, insert_after_imports
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind
from sqla_upgrade.matchers import SESSION_FACTORIES, inside_sqlalchemy, is_literal, keyword_arg, session_factory_call

HELPER = "_sqla_upgrade_subtransaction"

_HELPER_CODE = f'''

@contextlib.contextmanager
def {HELPER}(session):
    """What `with session.begin(subtransactions=True):` did on a 1.x Session (added by sqla-upgrade): join the
    session's transaction, flush at the end, roll the whole transaction back on an exception."""
    try:
        yield
        session.flush()
    except BaseException:
        session.rollback()
        raise
'''

_SESSIONS = (Kind.SESSION, Kind.SCOPED_SESSION)


class SessionTransactions(SqlaCodemod):
    ID = "session-transactions"
    SUMMARY = "Session autocommit mode, begin(subtransactions=True), session.transaction → 2.0 forms or findings"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"autocommit", b"subtransactions", b"transaction")
    SITES = Sites(
        calls=SESSION_FACTORIES,
        methods=frozenset({"configure", "begin"}),
        names=frozenset({"transaction"}),
    )
    EXAMPLES = (
        Example(
            before="from sqlalchemy.orm import Session, sessionmaker\n\n"
            "Factory = sessionmaker(bind=engine, autocommit=False)\n"
            "session = Session(engine)\n"
            "session.begin(subtransactions=False)\n",
            after="from sqlalchemy.orm import Session, sessionmaker\n\n"
            "Factory = sessionmaker(bind=engine)\n"
            "session = Session(engine)\n"
            "session.begin()\n",
        ),
        Example(
            before="from sqlalchemy.orm import Session\n\n"
            "session = Session(engine)\n"
            "with session.begin(subtransactions=True):\n"
            "    session.add(user)\n"
            "print(session.transaction)\n",
            after="from sqlalchemy.orm import Session\nimport contextlib\n" + _HELPER_CODE + "\n\n"
            "session = Session(engine)\n"
            f"with {HELPER}(session):\n"
            "    session.add(user)\n"
            "print(session.get_transaction())\n",
            unsafe=True,
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: begin(subtransactions=True) calls that are the whole item of a `with` (id → has an `as` target)
        self._with_items: dict = {}
        #: attributes that are assigned or deleted (not reads)
        self._targets: Set[int] = set()
        self._needs_helper = False
        self._autocommit_module: Optional[bool] = None

    # -- what is a read, what is a `with` item ------------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> bool:
        return not inside_sqlalchemy(self.state.names)  # type: ignore[arg-type]

    def visit_With(self, node: cst.With) -> None:
        for item in node.items:
            if isinstance(item.item, cst.Call):
                self._with_items[id(item.item)] = item.asname is not None

    def visit_Assign(self, node: cst.Assign) -> None:
        self._targets.update(id(t.target) for t in node.targets)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._targets.add(id(node.target))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._targets.add(id(node.target))

    def visit_Del(self, node: cst.Del) -> None:
        self._targets.add(id(node.target))

    # -- rewrites ---------------------------------------------------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if keyword_arg(original_node, "autocommit") is not None and session_factory_call(
            original_node, self.state.names, self.kind_of
        ):
            return self._autocommit(original_node, updated_node)
        func = original_node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "begin":
            arg = keyword_arg(original_node, "subtransactions")
            if arg is not None:
                return self._begin(original_node, updated_node, arg)
        return updated_node

    def _autocommit(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        arg = keyword_arg(original, "autocommit")
        assert arg is not None
        if is_literal(arg.value, "False"):
            return drop_keyword(updated, "autocommit")
        self.report(
            arg,
            "Session autocommit mode is removed in 2.0: flushes outside begin() committed at once and queries "
            "ran without a transaction, where a 2.0 Session autobegins and commits only on commit(); drop "
            "autocommit= and wrap each unit of work in `with session.begin():`",
        )
        return updated

    def _begin(self, original: cst.Call, updated: cst.Call, arg: cst.Arg) -> cst.BaseExpression:
        func = original.func
        assert isinstance(func, cst.Attribute)
        receiver = func.value
        if self.kind_of(receiver) not in _SESSIONS:
            self.report(
                original,
                "Session.begin(subtransactions=...) is removed in 2.0 (TypeError); the receiver is not proven "
                "to be a Session: see `sqla-upgrade explain session-transactions`",
            )
            return updated
        if is_literal(arg.value, "False"):
            return drop_keyword(updated, "subtransactions")
        if id(original) not in self._with_items or not is_literal(arg.value, "True") or len(original.args) != 1:
            self.report(
                original,
                "Session.begin(subtransactions=True) is removed in 2.0: in 1.x the matching commit() only closed "
                "the subtransaction, in 2.0 commit() always commits the whole transaction; use one outer "
                "begin() block",
                code="8s2a",
            )
            return updated
        if self._with_items[id(original)]:
            self.report(
                original,
                "`with session.begin(subtransactions=True) as tx:` is removed in 2.0 and has no 2.0 form "
                "binding a subtransaction: use the session's own transaction (session.get_transaction())",
                code="8s2a",
            )
            return updated
        message = (
            "`with session.begin(subtransactions=True):` is removed in 2.0: "
            f"`with {HELPER}(session):` (a helper added to the module) keeps what the block did on a 1.x "
            "Session not in autocommit mode (join its transaction, flush at the end, roll back on an error)"
        )
        if self._module_has_autocommit():
            self.report(original, message + "; not offered here: this module creates an autocommit Session", code="8s2a")
            return updated
        if not self.allow_unsafe(original, message):
            return updated
        self._needs_helper = True
        return cst.Call(func=cst.Name(HELPER), args=[cst.Arg(updated.func.value)], lpar=updated.lpar, rpar=updated.rpar)  # type: ignore[attr-defined]

    def _module_has_autocommit(self) -> bool:
        if self._autocommit_module is None:
            found = []

            class Find(cst.CSTVisitor):
                def visit_Arg(self, node: cst.Arg) -> None:
                    if node.keyword is not None and node.keyword.value == "autocommit" and not is_literal(node.value, "False"):
                        found.append(node)

            self.context.wrapper.module.visit(Find())  # type: ignore[union-attr]
            self._autocommit_module = bool(found)
        return self._autocommit_module

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if original_node.attr.value != "transaction" or id(original_node) in self._targets:
            return updated_node
        if self.kind_of(original_node.value) != Kind.SESSION:
            return updated_node
        if not self.allow_unsafe(
            original_node,
            "Session.transaction is removed in 2.0: use session.get_transaction(), which returns None before "
            "the session has begun a transaction (1.x's legacy Session began one on this access) and the root "
            "transaction under begin_nested() (get_nested_transaction() has the savepoint's)",
        ):
            return updated_node
        return cst.Call(
            func=cst.Attribute(value=updated_node.value, attr=cst.Name("get_transaction")),
            lpar=updated_node.lpar,
            rpar=updated_node.rpar,
        )

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self._needs_helper or any(
            isinstance(s, cst.FunctionDef) and s.name.value == HELPER for s in updated_node.body
        ):
            return updated_node
        AddImportsVisitor.add_needed_import(self.context, "contextlib")
        return insert_after_imports(updated_node, cst.parse_module(_HELPER_CODE.lstrip("\n")).body, blank_lines=2)
