"""`.apply_labels()` / `.with_labels()` → `.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)`.

Both methods were deprecated in 1.4 (RemovedIn20Warning) and are gone from `Select` in 2.0. Their names are
unique to SQLAlchemy (a Select or a Query), so the method name is enough to match, and the replacement has
existed since 1.4: the output still runs on 1.4.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from sqla_upgrade.codemod import Example, Safety, SqlaCodemod


class ApplyLabels(SqlaCodemod):
    ID = "apply-labels"
    SUMMARY = "apply_labels() / with_labels() → set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)"
    SAFETY = Safety.SAFE
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"apply_labels", b"with_labels")
    EXAMPLES = (
        Example(
            before="stmt = select(users).apply_labels()\n",
            after="from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL\n\n"
            "stmt = select(users).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)\n",
        ),
    )

    _METHODS = m.Call(
        func=m.Attribute(attr=m.Name("apply_labels") | m.Name("with_labels")), args=[]
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not m.matches(original_node, self._METHODS):
            return updated_node
        label_style = self.sqla_ref("LABEL_STYLE_TABLENAME_PLUS_COL")
        func = updated_node.func
        assert isinstance(func, cst.Attribute)
        return updated_node.with_changes(
            func=func.with_changes(attr=cst.Name("set_label_style")), args=[cst.Arg(label_style)]
        )
