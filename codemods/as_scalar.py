"""`.as_scalar()` → `.scalar_subquery()`.

Deprecated since 1.4 on Select, CompoundSelect and Query (still present in 2.0, so this is hygiene, not a
fix). Matched by the receiver's proven kind (inference.py): on a proven Select/CompoundSelect/Query the
rewrite is safe. A Subquery or Alias has no `scalar_subquery()` (it needs `sq.element.scalar_subquery()`):
reported. A receiver whose kind is unknown here gets the rewrite as an unsafe fix; a user's own object is
left alone.
"""

from __future__ import annotations

import libcst as cst

from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind

SCALAR_SOURCES = (Kind.SELECT, Kind.COMPOUND, Kind.QUERY)


class AsScalar(SqlaCodemod):
    ID = "as-scalar"
    SUMMARY = "as_scalar() → scalar_subquery() (safe on a proven Select/Query, an unsafe fix elsewhere)"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    TRIGGERS = (b"as_scalar",)
    SITES = Sites(methods=frozenset({"as_scalar"}))
    EXAMPLES = (
        Example(
            before="from sqlalchemy import func, select\n\n"
            "count = select(func.count(a.c.id)).where(a.c.uid == u.c.id).as_scalar()\n",
            after="from sqlalchemy import func, select\n\n"
            "count = select(func.count(a.c.id)).where(a.c.uid == u.c.id).scalar_subquery()\n",
        ),
        Example(
            before="import sqlalchemy as sa\n\ndef scalar(stmt):\n    return stmt.as_scalar()\n",
            after="import sqlalchemy as sa\n\ndef scalar(stmt):\n    return stmt.scalar_subquery()\n",
            unsafe=True,
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if original_node.args or not (isinstance(func, cst.Attribute) and func.attr.value == "as_scalar"):
            return updated_node
        kind = self.kind_of(func.value)
        if kind in (Kind.SUBQUERY, Kind.FROMCLAUSE, Kind.JOIN):
            self.report(
                original_node,
                "as_scalar() is deprecated and a Subquery/Alias has no scalar_subquery(): use "
                "<subquery>.element.scalar_subquery(), or call scalar_subquery() on the Select itself",
            )
            return updated_node
        if kind not in SCALAR_SOURCES:
            if kind != Kind.UNKNOWN or not self.allow_unsafe(
                original_node,
                "as_scalar() is deprecated: use scalar_subquery() (its receiver is not proven to be a Select or Query)",
            ):
                return updated_node
        new_func = updated_node.func
        assert isinstance(new_func, cst.Attribute)
        return updated_node.with_changes(func=new_func.with_changes(attr=cst.Name("scalar_subquery")))
