"""`t.select(t.c.x == 1, order_by=t.c.id)` → `t.select().where(t.c.x == 1).order_by(t.c.id)`.

`FromClause.select(whereclause=None, **kwargs)` (Table, TableClause, Alias, Subquery, Join) was, in 1.x,
a legacy `select([t], whereclause, **kwargs)`; 1.4 deprecated the arguments (RemovedIn20Warning) and in
2.0 `.select()` takes none (TypeError). `t.select()` still exists, so the rewrite keeps it and chains the
argument map of select-legacy (`sqla_upgrade/legacy_select.py`). The output also runs on 1.4 (for a Join,
1.4 and 2.0 both select both sides' columns FROM the join).

`.select()` is a common method name (BeautifulSoup `soup.select("div")`, CSS/XPath selectors, query
builders), so a call is rewritten only when its receiver is provably a FROM clause: `Table(...)`,
`table(...)`, `Model.__table__`, `metadata.tables[...]`, `.alias()`/`.join()` of one, or a name every
assignment of which is one of those. Anything else stays byte-identical without a finding, with one
exception: in a module that imports sqlalchemy, a call on an unproven receiver using keywords only
SQLAlchemy's `.select()` takes (`whereclause=`, `from_obj=`, `order_by=`, `group_by=`, `having=`,
`use_labels=`, `correlate=`, `prefixes=`, `suffixes=`) is an unsafe fix. `exists(...).select(...)` is
exists-legacy-args' and `sa.select(...)` select-legacy's. What the argument map reports (a whereclause that
may be None, `bind=`, ...) is reported and the call is left alone.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from sqla_upgrade.detect import Sites, has_arguments
from sqla_upgrade.codemod import Example, Safety
from sqla_upgrade.codemods.select_legacy import EMITTED_METHODS
from sqla_upgrade.legacy_select import (
    FROMCLAUSE_SELECT_KEYWORDS,
    LegacySelectCodemod,
    Plan,
    bind_arguments,
    code_of,
)
from sqla_upgrade.matchers import is_sqla_callee

# Keywords that, on an unproven receiver, make a SQLAlchemy FROM clause very likely.
_TELLING_KEYWORDS = {
    "whereclause",
    "from_obj",
    "order_by",
    "group_by",
    "having",
    "use_labels",
    "correlate",
    "prefixes",
    "suffixes",
}


class TableSelectArgs(LegacySelectCodemod):
    ID = "table-select-args"
    SUMMARY = "t.select(whereclause, order_by=..., ...) on a Table/Join/Alias → t.select().where(...).order_by(...)"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "c9ae"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"select",)
    SITES = Sites(
        methods=frozenset({"select"}),
        where=has_arguments,
        table_receivers=True,
        telling_keywords=frozenset(_TELLING_KEYWORDS),
    )
    EMITS = EMITTED_METHODS
    EXAMPLES = (
        Example(
            before='from sqlalchemy import Table\n\nusers = Table("users", metadata, autoload_with=engine)\n'
            "stmt = users.select(users.c.id == 5, order_by=users.c.name)\n",
            after='from sqlalchemy import Table\n\nusers = Table("users", metadata, autoload_with=engine)\n'
            "stmt = users.select().where(users.c.id == 5).order_by(users.c.name)\n",
        ),
        Example(
            before="stmt = User.__table__.select(User.__table__.c.active == True, limit=10)\n",
            after="stmt = User.__table__.select().where(User.__table__.c.active == True).limit(10)\n",
        ),
        Example(
            before="import sqlalchemy as sa\n\nstmt = accounts.select(whereclause=accounts.c.closed == False)\n",
            after="import sqlalchemy as sa\n\nstmt = accounts.select().where(accounts.c.closed == False)\n",
            unsafe=True,
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        updated_node = self.extend_chain(updated_node, original_node)
        func = original_node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "select") or not original_node.args:
            return updated_node
        result = self._rewrite(original_node, updated_node, func)
        return updated_node if result is None else result

    def _rewrite(self, original: cst.Call, updated: cst.Call, func: cst.Attribute) -> Optional[cst.BaseExpression]:
        names = self.qualified_names(func)
        if is_sqla_callee(names, "select") or "sqlalchemy.future.select" in names or self.proven_exists(func.value):
            return None  # `sa.select(...)` / `exists(...).select(...)`: other codemods'
        plan = Plan(label=".select()")
        params, issues = bind_arguments(original, ("whereclause",), FROMCLAUSE_SELECT_KEYWORDS, plan.label)
        unsafe = None
        if not self.proven_fromclause(func.value):
            keywords = {a.keyword.value for a in original.args if a.keyword is not None}
            if issues or not keywords & _TELLING_KEYWORDS or not self.module_imports_sqlalchemy():
                return None
            unsafe = (
                f"`{code_of(func.value)}` is not proven to be a Table: .select(...) with SQLAlchemy's "
                "arguments → .select() chain"
            )
        plan.blockers += issues
        self.plan_arguments(plan, original, params)
        if not self.accept(plan, original, unsafe):
            return None
        base = updated.with_changes(args=[], whitespace_before_args=cst.SimpleWhitespace(""), lpar=[], rpar=[])
        return self.build(original, updated, plan, base)
