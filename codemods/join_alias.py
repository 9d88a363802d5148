"""`t.join(u).alias("j")` → `select(t.join(u)).set_label_style(...).correlate(None).subquery("j")`.

A silent behaviour change: in 1.4, `Join.alias()` (deprecated, RemovedIn20Warning) built a labelled SELECT of
the join wrapped in a subquery — `(SELECT t.id AS t_id, ... FROM t JOIN u ON ...) AS j`, columns keyed
`j.c.t_id`, `j.c.u_id`. In 2.0 `Join.alias()` is the plain `FromClause.alias()`: no error, but it renders
`FROM t JOIN u ON ... AS j` (invalid SQL) and keys the columns `id`, `id`, `tid`. The replacement is exactly
what 1.4's `Join._anonymous_fromclause()` built (`LABEL_STYLE_TABLENAME_PLUS_COL` labels), so SQL and `.c`
keys stay as they were; it runs on 1.4 too.

Rewritten, when the receiver is provably a Join: `.alias()` / `.alias("j")` / `.alias(name="j")` (and
`flat=False`) on `X.join(...)` / `X.outerjoin(...)` where `X` is a provable Table/Alias/Join (`Table(...)`,
`table(...)`, `Model.__table__`, `metadata.tables[...]`, their `.alias()`/`.join()`, names bound to those),
on SQLAlchemy's `join()`/`outerjoin()` (Core or ORM, resolved by qualified name), or on a name every
assignment of which is one of those joins. A multi-line chain keeps one method per line.

Reported, not rewritten: `alias(flat=True)` (2.0's `Join.alias()` ignores `flat` and renders the same
invalid SQL; `sqlalchemy.orm.aliased(j, flat=True)` builds the join of aliased tables 1.4's form did), a
`flat=` that is not a literal, and `x.join(t).alias()` with `t` a provable Table but `x` unknown (a Join if
`x` is a Table; a Select, whose `.alias()` is fine, if `x` is one). Left alone: `.alias()` on anything else
— a Select's `.join(...).alias()` is still a valid subquery in 2.0, and `.join()` of unknown objects (ORM
Query, other libraries) is not SQLAlchemy's Join.
"""

from __future__ import annotations

from typing import List

import libcst as cst

from sqla_upgrade.chain import comments_within
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind
from sqla_upgrade.matchers import is_literal, is_sqla_callee

# Statements whose `.join()` returns a Select, whose `.alias()` is still a valid subquery in 2.0.
SELECTS = ("select", "union", "union_all", "intersect", "intersect_all", "except_", "except_all", "exists")

_FLAT_MESSAGE = (
    "Join.alias(flat=True) is deprecated and 2.0's Join.alias() ignores flat= (it renders invalid SQL): "
    "use sqlalchemy.orm.aliased(join, flat=True), or alias each table and join the aliases"
)


class JoinAlias(SqlaCodemod):
    ID = "join-alias"
    SUMMARY = "Join.alias() → select(join).set_label_style(...).correlate(None).subquery() (silent change in 2.0)"
    SAFETY = Safety.SAFE
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"alias",)
    SITES = Sites(methods=frozenset({"alias"}))
    EXAMPLES = (
        Example(
            before='from sqlalchemy import join\n\nua = join(users, addresses).alias("ua")\n',
            after="from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, select, join\n\n"
            "ua = select(join(users, addresses)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)"
            '.correlate(None).subquery("ua")\n',
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "alias"):
            return updated_node
        if self.kind_of(func.value) != Kind.JOIN:
            if self._maybe_join(func.value):
                flat = any(a.keyword is not None and a.keyword.value == "flat" for a in original_node.args)
                self.report(
                    original_node,
                    "if the object joined here is a Table/Join/Alias (not a Select): "
                    + (_FLAT_MESSAGE if flat or len(original_node.args) > 1 else _CHANGED + _REPLACEMENT),
                )
            return updated_node
        args = original_node.args
        if any(a.star for a in args):
            self.report(original_node, _CHANGED + _REPLACEMENT)
            return updated_node
        names = [a.keyword.value if a.keyword is not None else ("name", "flat")[i] for i, a in enumerate(args)]
        if len(args) > 2 or set(names) - {"name", "flat"} or len(set(names)) != len(names):
            return updated_node  # a TypeError in every version
        keep = []
        for i, (name, arg) in enumerate(zip(names, args)):
            if name == "name":
                keep.append(i)
            elif is_literal(arg.value, "True"):
                self.report(original_node, _FLAT_MESSAGE)
                return updated_node
            elif not is_literal(arg.value, "False"):
                self.report(original_node, _FLAT_MESSAGE + "; for flat=False, " + _REPLACEMENT)
                return updated_node
        new_args = [updated_node.args[i] for i in keep]
        if new_args and len(new_args) < len(args):
            # `flat=False` is dropped; the name takes the call's last comma (a trailing one, or none).
            new_args[-1] = new_args[-1].with_changes(comma=updated_node.args[-1].comma)
        return self._rewrite(updated_node, new_args)

    def _rewrite(self, updated_node: cst.Call, args: List[cst.Arg]) -> cst.Call:
        func = updated_node.func
        assert isinstance(func, cst.Attribute)
        join = func.value
        if join.lpar and not comments_within(join):
            join = join.with_changes(lpar=[], rpar=[])
        select = cst.Call(func=self.sqla_ref("select"), args=[cst.Arg(join)])
        dot = func.dot
        assert isinstance(dot, cst.Dot)
        ws = dot.whitespace_before
        if isinstance(ws, cst.ParenthesizedWhitespace):
            # `.alias(...)` stood on its own line in a parenthesised chain: so does each link replacing it.
            later_dot = cst.Dot(
                whitespace_before=ws.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
            )
        else:
            later_dot = cst.Dot()
        labelled = cst.Call(
            func=cst.Attribute(value=select, attr=cst.Name("set_label_style"), dot=dot),
            args=[cst.Arg(self.sqla_ref("LABEL_STYLE_TABLENAME_PLUS_COL"))],
        )
        uncorrelated = cst.Call(
            func=cst.Attribute(value=labelled, attr=cst.Name("correlate"), dot=later_dot),
            args=[cst.Arg(cst.Name("None"))],
        )
        new = updated_node.with_changes(
            func=cst.Attribute(value=uncorrelated, attr=cst.Name("subquery"), dot=later_dot), args=args
        )
        if not args and not comments_within(new.whitespace_before_args):
            new = new.with_changes(whitespace_before_args=cst.SimpleWhitespace(""))
        return new

    def _maybe_join(self, node: cst.BaseExpression) -> bool:
        """``X.join(Y, ...)`` with ``Y`` a provable Table/Join/Alias: a Join when ``X`` is a FromClause, a
        Select when ``X`` is one (then ``.alias()`` is fine); unknown here unless ``X`` starts at ``select()``."""
        if not (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in ("join", "outerjoin")
        ):
            return False
        target = next((a.value for a in node.args if a.keyword is None and not a.star), None)
        if target is None or not self.proven_fromclause(target):
            return False
        root: cst.BaseExpression = node.func.value
        while isinstance(root, cst.Call) and isinstance(root.func, cst.Attribute):
            root = root.func.value
        if isinstance(root, cst.Call) and is_sqla_callee(self.qualified_names(root.func), *SELECTS):
            return False
        return True



_CHANGED = "Join.alias() changes meaning in 2.0 (invalid SQL, other .c keys): "
_REPLACEMENT = (
    "write select(join).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery(name), "
    "which is what 1.4's Join.alias() built"
)
