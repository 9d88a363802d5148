"""`union(s1, s2, order_by="x", limit=10)` → `union(s1, s2).order_by("x").limit(10)`.

`union()`, `union_all()`, `intersect()`, `intersect_all()`, `except_()` and `except_all()` took the
GenerativeSelect keywords in 1.x (`use_labels`, `limit`, `offset`, `order_by`, `group_by`, `bind`, and in
1.3 `for_update`/`autocommit`); 1.4 deprecated them (RemovedIn20Warning, b8d9) and 2.0 takes SELECTs only.
Each keyword becomes the CompoundSelect method 1.4 applied, with the argument map of select-legacy
(`sqla_upgrade/legacy_select.py`); the SELECTs stay as they are (a legacy `select([...])` among them is
select-legacy's). `correlate=` is dropped whatever its value: CompoundSelect stored it and never read it.
The output also runs on 1.4.

`use_labels=True` is reported, not rewritten: 1.4 rendered a compound's SQL and result keys unlabelled
(it only renamed the columns of `.subquery()`, into SQL that did not match them), whereas 2.0's
`CompoundSelect.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)` labels the first SELECT, so result keys
would change from `name` to `staff_name` (verified on 1.4.54 and 2.0). `use_labels=False` is dropped.

Matched by qualified name (a user's own `union()`, `set.union(...)`, `s1.union(s2)` are left alone). A bare
name for `order_by=`/`group_by=` (a list or one element?) is an unsafe fix; `bind=`, `use_labels=True`,
`**kw` and unknown keywords are reported and the call is left alone.
"""

from __future__ import annotations

from typing import List, Optional

import libcst as cst

from sqla_upgrade.detect import Sites, has_arguments
from sqla_upgrade.kinds import sqla_names
from sqla_upgrade.codemod import Example, Safety
from sqla_upgrade.codemods.select_legacy import EMITTED_METHODS
from sqla_upgrade.legacy_select import COMPOUND_KEYWORDS, LegacySelectCodemod, Plan, bind_arguments, kept_args
from sqla_upgrade.matchers import sqla_name_of

COMPOUNDS = ("union", "union_all", "intersect", "intersect_all", "except_", "except_all")


class CompoundSelectKwargs(LegacySelectCodemod):
    ID = "compound-select-kwargs"
    SUMMARY = "union(s1, s2, order_by=..., limit=...) (and union_all/intersect/except_...) → .order_by().limit()"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"union", b"intersect", b"except_")
    SITES = Sites(calls=frozenset(sqla_names(*COMPOUNDS)), where=has_arguments)
    EMITS = EMITTED_METHODS
    EXAMPLES = (
        Example(
            before='from sqlalchemy import union\n\nu = union(s1, s2, order_by="x", limit=10)\n',
            after='from sqlalchemy import union\n\nu = union(s1, s2).order_by("x").limit(10)\n',
        ),
        Example(
            before="import sqlalchemy as sa\n\nu = sa.union_all(s1, s2, group_by=t.c.k, offset=5, correlate=False)\n",
            after="import sqlalchemy as sa\n\nu = sa.union_all(s1, s2).group_by(t.c.k).offset(5)\n",
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        updated_node = self.extend_chain(updated_node, original_node)
        if not any(a.keyword is not None or a.star == "**" for a in original_node.args):
            return updated_node
        name = sqla_name_of(self.qualified_names(original_node.func), *COMPOUNDS)
        if name is None:
            return updated_node
        result = self._rewrite(original_node, updated_node, name)
        return updated_node if result is None else result

    def _rewrite(self, original: cst.Call, updated: cst.Call, name: str) -> Optional[cst.BaseExpression]:
        plan = Plan(label=f"{name}()")
        selects: List[int] = []
        params, issues = bind_arguments(original, (), COMPOUND_KEYWORDS, plan.label, rest=selects)
        plan.blockers += issues
        self.plan_arguments(plan, original, params, compound=True)
        if not self.accept(plan, original):
            return None
        base = updated.with_changes(args=kept_args(updated, selects), lpar=[], rpar=[])
        return self.build(original, updated, plan, base, kept=selects)
