"""`.apply_labels()` / `.with_labels()` → `.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)`.

Both methods were deprecated in 1.4 (RemovedIn20Warning) and are gone from `Select` and `Query` in 2.0. The
replacement has existed since 1.4, so the output still runs on 1.4.

Matched by the receiver's proven kind (inference.py), never by the method name alone: on a proven Select,
CompoundSelect or Query the rewrite is safe; on a receiver whose kind is unknown here (a parameter, the
result of a call into another module) it is an unsafe fix, reported until `--unsafe-fixes`; a user's own
object (`ReportBuilder().apply_labels()`, a class or function of the module) is left alone, unreported, and
so is a module that does not use SQLAlchemy at all.
"""

from __future__ import annotations

import libcst as cst

from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind

#: receivers whose apply_labels()/with_labels() this rewrite is right for
LABELLED = (Kind.SELECT, Kind.COMPOUND, Kind.QUERY)


class ApplyLabels(SqlaCodemod):
    ID = "apply-labels"
    SUMMARY = "apply_labels() / with_labels() → set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"apply_labels", b"with_labels")
    SITES = Sites(methods=frozenset({"apply_labels", "with_labels"}))
    EXAMPLES = (
        Example(
            before="from sqlalchemy import select\n\nstmt = select(users).apply_labels()\n",
            after="from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, select\n\n"
            "stmt = select(users).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)\n",
        ),
        Example(
            before="import sqlalchemy as sa\n\ndef labelled(stmt):\n    return stmt.apply_labels()\n",
            after="import sqlalchemy as sa\n\ndef labelled(stmt):\n    return stmt.set_label_style(sa.LABEL_STYLE_TABLENAME_PLUS_COL)\n",
            unsafe=True,
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if original_node.args or not (
            isinstance(func, cst.Attribute) and func.attr.value in ("apply_labels", "with_labels")
        ):
            return updated_node
        kind = self.kind_of(func.value)
        if kind not in LABELLED:
            if kind != Kind.UNKNOWN or not self.allow_unsafe(
                original_node,
                f"{func.attr.value}() is removed in 2.0: use set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL) "
                "if this is a Select or Query (its receiver is not proven to be one)",
            ):
                return updated_node
        label_style = self.sqla_ref("LABEL_STYLE_TABLENAME_PLUS_COL")
        new_func = updated_node.func
        assert isinstance(new_func, cst.Attribute)
        return updated_node.with_changes(
            func=new_func.with_changes(attr=cst.Name("set_label_style")), args=[cst.Arg(label_style)]
        )
