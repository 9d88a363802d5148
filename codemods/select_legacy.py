"""`select([cols], whereclause, order_by=..., limit=..., ...)` → `select(*cols).where(...).order_by(...)...`.

SQLAlchemy 1.4 still accepted the 1.x calling style of `select()` (a list of columns, then the whereclause,
from_obj, distinct, having, correlate, prefixes, suffixes, and the keywords use_labels, limit, offset,
order_by, group_by, bind) with a RemovedIn20Warning; 2.0 takes only the columns, positionally, and raises
ArgumentError (c9ae) for a list. Every argument becomes the generative method that 1.4 itself applied (the
argument map is in `sqla_upgrade/legacy_select.py`, shared with the other legacy-select codemods), so the
output renders the same SQL, and also runs on 1.4:

    select([t.c.id, t.c.name], t.c.active == True, order_by=[t.c.name], limit=10, use_labels=True)
    → select(t.c.id, t.c.name).where(t.c.active == True).order_by(t.c.name).limit(10)
      .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)

A call is ours when its callee resolves to SQLAlchemy's `select` (`sqlalchemy.future.select` never took
the legacy style) and 1.4 would have used the legacy style: the first argument is a list/tuple display, a
comprehension, a generator, `cols + [x]` with `cols` proven a list/tuple (`arr.c.ints + [4, 5]`, an
ARRAY column plus a list, is one column expression), a call of the builtin `list`/`tuple`/`sorted`
(`select(*list(x))`), a name proven to hold one of these (`select(*cols)`), `t.c`
followed by a whereclause, or any keyword is present. `select()`, `select(a, b)`, `select(*cols)`,
`select(User)` are already 2.0 and stay untouched, as does a name that is imported, a class, or bound to
columns or SQLAlchemy objects. A bare name that only may hold a list (one of its assignments is a list) is
reported. 1.x code only ever passed a list of columns, so a parameter (not annotated as something else) or a
name of unknown value, `select(cols, where)` (a WHERE-like second argument) and `select(cols + [x])` are
splatted as an unsafe fix, as is an unproven name when keywords are present (1.4 then required an
iterable).

Edge cases: a whereclause/having that may be None (1.4 skipped it, 2.0 renders WHERE NULL) is reported, one
whose value is unknown here (a parameter) makes the rewrite an unsafe fix; a bare name for from_obj/
order_by/group_by is read through its visible assignments: a list or None → `.order_by(*(x or ()))`, one
element or None → `.order_by(x)` (`.order_by(None)` adds nothing; `from_obj` that may be None is reported,
since `.select_from(None)` raises), a list on one path and one element on another → reported; a value not
known here is an unsafe fix (guessed as one element, which raises if it is a list); a variable
`distinct=`/`correlate=`/`use_labels=` (a flag), a set of columns, a string `prefixes=`, `bind=`, 1.3's
`autocommit=`, `*args`/`**kw` and unknown keywords are reported and the call is left alone.
Literal defaults (`None`, `distinct=False`, `correlate=True`, `use_labels=False`) are dropped. A legacy
select nested in another one's arguments is rewritten too. A single-line call becomes a single-line chain;
a multi-line call a parenthesised chain, one method per line, comments kept with what their argument became.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from sqla_upgrade.detect import Sites, has_arguments
from sqla_upgrade.kinds import sqla_names
from sqla_upgrade.codemod import Example, Safety
from sqla_upgrade.legacy_select import (
    GENERATIVE_KEYWORDS,
    SELECT_PARAMS,
    LegacySelectCodemod,
    Plan,
    bind_arguments,
)
from sqla_upgrade.matchers import is_sqla_callee

EMITTED_METHODS = (
    b".where(",
    b".select_from(",
    b".group_by(",
    b".having(",
    b".order_by(",
    b".limit(",
    b".offset(",
    b".distinct(",
    b".correlate(",
    b".set_label_style(",
    b".prefix_with(",
    b".suffix_with(",
    b".with_for_update(",
    b"LABEL_STYLE_TABLENAME_PLUS_COL",
)


class SelectLegacy(LegacySelectCodemod):
    ID = "select-legacy"
    SUMMARY = "select([cols], whereclause, order_by=..., ...) → select(*cols).where(...).order_by(...) chains"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "c9ae"
    MIN_TARGET = "2.0"
    # `select` is spelled in the call or in the import that binds it, whatever the import style.
    TRIGGERS = (b"select",)
    SITES = Sites(calls=frozenset(sqla_names("select")), where=has_arguments)
    EMITS = EMITTED_METHODS
    EXAMPLES = (
        Example(
            before="from sqlalchemy import select\n\n"
            "q = select([users.c.id, users.c.name], users.c.active == True,\n"
            "           order_by=[users.c.name], limit=10, use_labels=True)\n",
            after="from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, select\n\n"
            "q = (\n"
            "    select(users.c.id, users.c.name)\n"
            "    .where(users.c.active == True)\n"
            "    .order_by(users.c.name)\n"
            "    .limit(10)\n"
            "    .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)\n"
            ")\n",
        ),
        Example(
            before="import sqlalchemy as sa\n\n"
            "cols = [t.c.id, t.c.x]\n"
            "q = sa.select(cols, t.c.x > 5, distinct=True)\n",
            after="import sqlalchemy as sa\n\n"
            "cols = [t.c.id, t.c.x]\n"
            "q = sa.select(*cols).where(t.c.x > 5).distinct()\n",
        ),
        Example(
            before="from sqlalchemy import select\n\n"
            "def recent(criteria):\n"
            "    return select([t], criteria, order_by=t.c.created.desc())\n",
            after="from sqlalchemy import select\n\n"
            "def recent(criteria):\n"
            "    return select(t).where(criteria).order_by(t.c.created.desc())\n",
            unsafe=True,
        ),
        Example(
            before="from sqlalchemy import select\n\n"
            "def fetch(columns):\n"
            "    return select(columns, t.c.active == True)\n",
            after="from sqlalchemy import select\n\n"
            "def fetch(columns):\n"
            "    return select(*columns).where(t.c.active == True)\n",
            unsafe=True,
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        updated_node = self.extend_chain(updated_node, original_node)
        if not original_node.args or not is_sqla_callee(self.qualified_names(original_node.func), "select"):
            return updated_node
        result = self._rewrite(original_node, updated_node)
        return updated_node if result is None else result

    def _rewrite(self, original: cst.Call, updated: cst.Call) -> Optional[cst.BaseExpression]:
        args = original.args
        # Keywords (even `**kw`) made 1.4 use the legacy style whatever the first argument was.
        certain = any(a.keyword is not None or a.star == "**" for a in args)
        if args[0].star == "*" and not certain:
            return None  # `select(*cols)`: 2.0 style
        plan = Plan(label="select()")
        params, issues = bind_arguments(original, SELECT_PARAMS, GENERATIVE_KEYWORDS, plan.label)
        if "columns" in params:
            if not self.plan_columns(plan, original, params["columns"], certain=certain):
                return None
        elif not certain:
            return None
        plan.blockers[:0] = issues
        self.plan_arguments(plan, original, params)
        if not self.accept(plan, original):
            return None
        opening, column_args = self.column_args(plan, updated)
        base = updated.with_changes(args=column_args, whitespace_before_args=opening, lpar=[], rpar=[])
        return self.build(original, updated, plan, base)
