"""`.as_scalar()` → `.scalar_subquery()`.

Deprecated since 1.4 on Select and Query (still present in 2.0, so this is hygiene, not a fix). Matched by
method name only: a non-SQLAlchemy object with an `as_scalar()` method, or a Subquery/Alias receiver (which
has no `scalar_subquery()`; it needs `sq.element.scalar_subquery()`), would be rewritten wrongly, so the
rewrite is an unsafe fix.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from sqla_upgrade.codemod import Example, Safety, SqlaCodemod


class AsScalar(SqlaCodemod):
    ID = "as-scalar"
    SUMMARY = "as_scalar() → scalar_subquery() (matched by method name: unsafe fix)"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    TRIGGERS = (b"as_scalar",)
    EXAMPLES = (
        Example(
            before="count = select(func.count(a.c.id)).where(a.c.uid == u.c.id).as_scalar()\n",
            after="count = select(func.count(a.c.id)).where(a.c.uid == u.c.id).scalar_subquery()\n",
            unsafe=True,
        ),
    )

    _AS_SCALAR = m.Call(func=m.Attribute(attr=m.Name("as_scalar")), args=[])

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not m.matches(original_node, self._AS_SCALAR):
            return updated_node
        if not self.allow_unsafe(
            original_node,
            "as_scalar() is deprecated: use scalar_subquery() (on a Subquery/Alias, .element.scalar_subquery())",
        ):
            return updated_node
        func = updated_node.func
        assert isinstance(func, cst.Attribute)
        return updated_node.with_changes(func=func.with_changes(attr=cst.Name("scalar_subquery")))
