"""`exists([t.c.id], t.c.x == 5)` → `exists(t.c.id).where(t.c.x == 5)`; `exists().select(w)` →
`exists().select().where(w)`.

1.4's `exists(*args, **kwargs)` built its SELECT with `select(*args, **kwargs)` (unless given a SELECT), so
it took the whole legacy calling style: a column list, whereclause, from_obj, ..., order_by, limit. 2.0's
`exists()` takes at most one argument (a column, entity or SELECT) and raises TypeError otherwise. The
rewrite applies the argument map of select-legacy (`sqla_upgrade/legacy_select.py`):

* one column and only `.where()`/`.select_from()`/`.correlate()` (which 2.0's Exists has) →
  `exists(col).where(...)`;
* anything else → `exists(select(a, b).where(...).limit(...))`, the SELECT 1.4 built (`select` imported in
  the module's style);
* `exists(a, b)` (1.4 selected both) → `exists(select(a, b))` when `a` is plainly a column (`t.c.x`,
  `Model.attr`); with an unknown first argument it is reported (1.4 ignored the rest when it was a SELECT).

`Exists.select(whereclause, **kwargs)` is rewritten like `FromClause.select()` (`.select()` then the chain)
when the receiver is provably SQLAlchemy's `exists(...)` (possibly followed by `.where()` & co.) or a name
bound only to one. Both output forms also run on 1.4. Callees are matched by qualified name; what the
argument map reports (a whereclause that may be None, `bind=`, `**kw`, ...) is reported and the call left
alone.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from sqla_upgrade.detect import Sites, has_arguments
from sqla_upgrade.kinds import sqla_names
from sqla_upgrade.codemod import Example, Safety
from sqla_upgrade.codemods.select_legacy import EMITTED_METHODS
from sqla_upgrade.legacy_select import (
    FROMCLAUSE_SELECT_KEYWORDS,
    GENERATIVE_KEYWORDS,
    SELECT_PARAMS,
    Issue,
    LegacySelectCodemod,
    Plan,
    bind_arguments,
    code_of,
)
from sqla_upgrade.matchers import is_sqla_callee

# What 2.0's Exists itself can do; anything else needs the SELECT spelled out.
_EXISTS_LINKS = {"where", "select_from", "correlate"}


class ExistsLegacyArgs(LegacySelectCodemod):
    ID = "exists-legacy-args"
    SUMMARY = "exists([cols], whereclause, ...) → exists(col).where(...); exists().select(w) → .select().where(w)"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "c9ae"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"exists",)
    SITES = Sites(calls=frozenset(sqla_names("exists")), methods=frozenset({"select"}), where=has_arguments)
    EMITS = EMITTED_METHODS + (b"select(",)
    EXAMPLES = (
        Example(
            before="from sqlalchemy import exists\n\ne = exists([t.c.id], t.c.x == 5)\n",
            after="from sqlalchemy import exists\n\ne = exists(t.c.id).where(t.c.x == 5)\n",
        ),
        Example(
            before="from sqlalchemy import exists\n\ne = exists([t.c.id, t.c.x], t.c.x == 5, limit=1)\n",
            after="from sqlalchemy import select, exists\n\n"
            "e = exists(select(t.c.id, t.c.x).where(t.c.x == 5).limit(1))\n",
        ),
        Example(
            before="from sqlalchemy import exists\n\nstmt = exists().select(t.c.id == 1)\n",
            after="from sqlalchemy import exists\n\nstmt = exists().select().where(t.c.id == 1)\n",
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        updated_node = self.extend_chain(updated_node, original_node)
        if not original_node.args:
            return updated_node
        func = original_node.func
        result: Optional[cst.BaseExpression] = None
        if isinstance(func, cst.Attribute) and func.attr.value == "select":
            if self.proven_exists(func.value):
                result = self._rewrite_select(original_node, updated_node)
        elif is_sqla_callee(self.qualified_names(func), "exists"):
            result = self._rewrite_exists(original_node, updated_node)
        return updated_node if result is None else result

    def _rewrite_select(self, original: cst.Call, updated: cst.Call) -> Optional[cst.BaseExpression]:
        plan = Plan(label="exists().select()")
        params, issues = bind_arguments(original, ("whereclause",), FROMCLAUSE_SELECT_KEYWORDS, plan.label)
        plan.blockers += issues
        self.plan_arguments(plan, original, params)
        if not self.accept(plan, original):
            return None
        base = updated.with_changes(args=[], whitespace_before_args=cst.SimpleWhitespace(""), lpar=[], rpar=[])
        return self.build(original, updated, plan, base)

    def _rewrite_exists(self, original: cst.Call, updated: cst.Call) -> Optional[cst.BaseExpression]:
        args = original.args
        certain = any(a.keyword is not None or a.star == "**" for a in args)
        if args[0].star == "*" and not certain:
            return None  # `exists(*cols)`: 2.0 accepts one
        plan = Plan(label="exists()")
        params, issues = bind_arguments(original, SELECT_PARAMS, GENERATIVE_KEYWORDS, plan.label)
        if "columns" in params:
            if not self.plan_columns(plan, original, params["columns"], certain=certain):
                return self._several_columns(original, updated)
            value = args[params["columns"]].value
            if isinstance(value, (cst.List, cst.Tuple)) and not value.elements:
                plan.blockers.append(Issue(args[0], "exists([]) raised IndexError on 1.4: give it a column"))
        elif not certain:
            return None
        plan.blockers[:0] = issues
        self.plan_arguments(plan, original, params)
        if not self.accept(plan, original):
            return None
        opening, column_args = self.column_args(plan, updated)
        single = len(column_args) == 1 and not column_args[0].star
        if single and {link.method for link in plan.links} <= _EXISTS_LINKS:
            base = updated.with_changes(args=column_args, whitespace_before_args=opening, lpar=[], rpar=[])
            return self.build(original, updated, plan, base)
        inner_base = cst.Call(func=self.sqla_ref("select"), args=column_args, whitespace_before_args=opening)
        inner = self.build(original, updated.with_changes(lpar=[], rpar=[]), plan, inner_base)
        result = _wrap(updated, inner)
        if inner.lpar:
            self.register_chain(result, original)
        return result

    def _several_columns(self, original: cst.Call, updated: cst.Call) -> Optional[cst.BaseExpression]:
        """`exists(a, b)`: 1.4 selected both columns; 2.0 takes one argument."""
        args = original.args
        if len(args) < 2 or any(a.keyword is not None or a.star for a in args):
            return None
        if not self.single_element(args[0].value) or isinstance(args[0].value, cst.Call):
            # a SELECT as first argument made 1.4 ignore the others: only the author knows
            self.report(
                args[0],
                f"exists() takes one argument in 2.0: exists(select({', '.join(code_of(a.value) for a in args)})) "
                f"if `{code_of(args[0].value)}` is a column",
            )
            return None
        select = cst.Call(
            func=self.sqla_ref("select"),
            args=updated.args,
            whitespace_before_args=updated.whitespace_before_args,
        )
        return updated.with_changes(args=[cst.Arg(select)], whitespace_before_args=cst.SimpleWhitespace(""))


def _wrap(exists_call: cst.Call, chain: cst.BaseExpression) -> cst.Call:
    """``exists(<chain>)``; a parenthesised multi-line chain loses its parentheses to the call's."""
    if not chain.lpar:
        return exists_call.with_changes(args=[cst.Arg(chain)], whitespace_before_args=cst.SimpleWhitespace(""))
    opening = chain.lpar[0].whitespace_after
    closing = chain.rpar[-1].whitespace_before
    return exists_call.with_changes(
        args=[cst.Arg(chain.with_changes(lpar=[], rpar=[]), whitespace_after_arg=closing)],
        whitespace_before_args=opening,
    )
