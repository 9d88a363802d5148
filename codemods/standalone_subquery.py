"""`subquery("sq", [t.c.id], t.c.x > 5, ...)` → `select(t.c.id).where(t.c.x > 5).subquery("sq")`.

The standalone `subquery(alias, *args, **kwargs)` function (`sqlalchemy.subquery`,
`sqlalchemy.sql.expression.subquery`) was deprecated in 1.4 and is gone in 2.0. 1.4 implemented it as
`Select.create_legacy_select(*args, **kwargs).subquery(alias)`, so the rewrite is exactly that: a `select()`
built from the legacy arguments with the argument map of select-legacy (`sqla_upgrade/legacy_select.py`),
then `.subquery(alias)`. The output also runs on 1.4. `select` is imported when the module does not already
import it (following its import style: `sa.select` after `import sqlalchemy as sa`), and the import of
`subquery` is removed once no call of it is left (2.0 has no such name: the import itself would fail).

Matched by qualified name only: `q.subquery()` (Query/Select method) and a user's own `subquery()` are left
alone. The column argument was always taken in the 1.x style, so a name that is not proven to hold a list is
splatted (`select(*cols)`) as an unsafe fix (wrong only if it can be None). What the argument map reports
(a whereclause that may be None, `bind=`, a variable `distinct=`, `**kw`, ...) is reported here too, and the
call is then left alone.
"""

from __future__ import annotations

from typing import List, Optional

import libcst as cst

from sqla_upgrade.detect import Sites, has_arguments
from sqla_upgrade.kinds import sqla_names
from sqla_upgrade.chain import Step
from sqla_upgrade.codemod import Example, Safety
from sqla_upgrade.codemods.select_legacy import EMITTED_METHODS
from sqla_upgrade.legacy_select import (
    GENERATIVE_KEYWORDS,
    SELECT_PARAMS,
    LegacySelectCodemod,
    Plan,
    bind_arguments,
)
from sqla_upgrade.matchers import is_literal, is_sqla_callee, remove_import_if_unused


class StandaloneSubquery(LegacySelectCodemod):
    ID = "standalone-subquery"
    SUMMARY = 'subquery("sq", [cols], whereclause, ...) → select(*cols).where(...).subquery("sq")'
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    TRIGGERS = (b"subquery",)
    SITES = Sites(calls=frozenset(sqla_names("subquery")), where=has_arguments)
    EMITS = EMITTED_METHODS + (b"select(", b".subquery(")
    EXAMPLES = (
        Example(
            before='from sqlalchemy import subquery\n\nsq = subquery("sq", [t.c.id], t.c.x > 5)\n',
            after='from sqlalchemy import select\n\nsq = select(t.c.id).where(t.c.x > 5).subquery("sq")\n',
        ),
        Example(
            before='import sqlalchemy as sa\n\nsq = sa.subquery("totals", [t.c.k, t.c.n], group_by=[t.c.k])\n',
            after='import sqlalchemy as sa\n\nsq = sa.select(t.c.k, t.c.n).group_by(t.c.k).subquery("totals")\n',
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        updated_node = self.extend_chain(updated_node, original_node)
        if not original_node.args or not is_sqla_callee(self.qualified_names(original_node.func), "subquery"):
            return updated_node
        result = self._rewrite(original_node, updated_node)
        return updated_node if result is None else result

    def _rewrite(self, original: cst.Call, updated: cst.Call) -> Optional[cst.BaseExpression]:
        plan = Plan(label="subquery()")
        params, issues = bind_arguments(original, ("alias",) + SELECT_PARAMS, GENERATIVE_KEYWORDS, plan.label)
        if "alias" not in params:
            # not a call 1.4 accepted (the name comes first), but the function itself is gone in 2.0
            self.report(
                original,
                "subquery() is removed in 2.0 and this call gives it no name first: write "
                "select(...).subquery(name) by hand",
            )
            return None
        plan.blockers += issues
        if "columns" in params:
            self.plan_columns(plan, original, params["columns"], certain=True)
        self.plan_arguments(plan, original, params)
        if not self.accept(plan, original):
            return None
        opening, column_args = self.column_args(plan, updated)
        base = cst.Call(func=self.sqla_ref("select"), args=column_args, whitespace_before_args=opening)
        # 2.0 has no `sqlalchemy.subquery`: its import must go once no call is left (an ImportError otherwise)
        remove_import_if_unused(self.context, self.state.names, original.func)  # type: ignore[arg-type]
        alias = updated.args[params["alias"]].value
        alias_args: List[cst.Arg] = [] if is_literal(alias, "None") else [cst.Arg(alias)]
        return self.build(original, updated, plan, base, tail=[(Step("subquery", alias_args), params["alias"])])
