"""`Session(future=True)` and `sessionmaker(future=True)`: the 1.4 opt-in to 2.0 Session behaviour.

Rewritten, safe: `future=True` is dropped from `Session(...)`, `sessionmaker(...)` and a proven
sessionmaker's `.configure(...)`, by qualified name. 2.0 and 2.1 accept `future=True` and ignore it: their
Session always behaves as 1.4's future one did.

Reported: `future=False` (2.0 raises ArgumentError: "The 'future' parameter passed to Session() may only
be set to True"; the code relied on 1.x Session behaviour, which the other session codemods report), and
`future=<expression>` (the same error whenever it is false at runtime; nothing here can tell).

Not touched: `create_engine(future=...)` (the `transactions-and-engine-args` codemod), a `future=` keyword
of any other call, and a user's own Session class.
"""

from __future__ import annotations

import libcst as cst

from sqla_upgrade.chain import drop_keyword
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.matchers import SESSION_FACTORIES, is_literal, keyword_arg, session_factory_call


class FutureFlags(SqlaCodemod):
    ID = "future-flags"
    SUMMARY = "Session(future=True) / sessionmaker(future=True) → the flag dropped; future=False reported"
    SAFETY = Safety.SAFE
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    TRIGGERS = (b"future",)
    SITES = Sites(calls=SESSION_FACTORIES, methods=frozenset({"configure"}))
    EXAMPLES = (
        Example(
            before="from sqlalchemy.orm import Session, sessionmaker\n\n"
            "session = Session(engine, future=True)\n"
            "Factory = sessionmaker(bind=engine, future=True)\n",
            after="from sqlalchemy.orm import Session, sessionmaker\n\n"
            "session = Session(engine)\n"
            "Factory = sessionmaker(bind=engine)\n",
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        arg = keyword_arg(original_node, "future")
        if arg is None or not session_factory_call(original_node, self.state.names, self.kind_of):
            return updated_node
        if is_literal(arg.value, "True"):
            return drop_keyword(updated_node, "future")
        if is_literal(arg.value, "False"):
            self.report(
                arg,
                "Session(future=False) raises ArgumentError in 2.0 (the 1.x Session behaviour it asks for is "
                "gone): drop the flag and migrate the code that relied on legacy Session behaviour",
            )
        else:
            self.report(
                arg,
                "Session(future=...) is ignored by 2.0 when true and raises ArgumentError when false: drop the "
                "flag once the code no longer relies on legacy Session behaviour",
            )
        return updated_node
