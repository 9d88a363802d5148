"""A string used as a SQL condition → `text()`: `select(t).where("x = 5")` → `.where(text("x = 5"))`.

SQLAlchemy up to 1.2 turned a string given where a SQL expression is expected into `text()` with a
warning; since 1.3.0 (still in 1.4 and 2.0) it raises `ArgumentError: Textual SQL expression 'x = 5' should
be explicitly declared as text('x = 5')`. Wrapping the string in `text()` is what 1.2 did silently (bound
parameters such as `:name` are parsed the same way), and the output runs on 1.4 and 2.0.

Rewritten: string literals (also implicit concatenations and f-strings, never bytes) passed positionally to
`.where()`, `.filter()` or `.having()` when the object they are called on is provably SQLAlchemy's: a
chain of generative methods (`.where`, `.order_by`, `.join`, `.values` ...) that starts at a call of
SQLAlchemy's `select`/`exists`/`update`/`delete`/`union*`/`intersect*`/`except_*` (resolved by qualified
name), or at `.select()`/`.update()`/`.delete()` on a provable Table/Join/Alias, or a name every
assignment of which is such a chain (`stmt = stmt.where(...)` included). Also string literals passed to
SQLAlchemy's `and_()`/`or_()`, which reject them the same way. `select([t], "x = 5")` reaches this codemod
as `select(t).where("x = 5")` (select-legacy runs first).

Left alone: `order_by("label")`/`group_by("label")` (a string there is a reference to a label, still valid
in 2.0); `not_("x")` (a string there is a bound value, not SQL); any receiver that is not provably
SQLAlchemy's — `df.where("...")` (pandas), `session.query(...).filter("...")` (the Session's type is not
known here) — without a finding.
"""

from __future__ import annotations

from typing import Set, Tuple

import libcst as cst

from sqla_upgrade.detect import Sites, has_string_argument
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.matchers import is_sqla_callee

# Constructors of statements whose `.where()`/`.having()` coerce their argument as SQL.
STATEMENT_FUNCS = (
    "select",
    "exists",
    "update",
    "delete",
    "union",
    "union_all",
    "intersect",
    "intersect_all",
    "except_",
    "except_all",
)
# `sqlalchemy.future.select` never took the legacy calling style, but its `.where()` rejects strings alike.
STATEMENT_NAMES = {"sqlalchemy.future.select"}

# Methods of SQLAlchemy statements (Select, CompoundSelect, Exists, Update, Delete, Subquery & co) that
# return another SQLAlchemy construct, so a chain of them never leaves SQLAlchemy.
GENERATIVE = {
    "where",
    "filter",
    "filter_by",
    "having",
    "order_by",
    "group_by",
    "limit",
    "offset",
    "fetch",
    "slice",
    "distinct",
    "correlate",
    "correlate_except",
    "select_from",
    "join",
    "outerjoin",
    "join_from",
    "outerjoin_from",
    "add_columns",
    "column",
    "with_only_columns",
    "set_label_style",
    "apply_labels",
    "with_for_update",
    "prefix_with",
    "suffix_with",
    "with_hint",
    "with_statement_hint",
    "execution_options",
    "options",
    "params",
    "values",
    "ordered_values",
    "returning",
    "return_defaults",
    "inline",
    "with_dialect_options",
    "reduce_columns",
    "union",
    "union_all",
    "intersect",
    "intersect_all",
    "except_",
    "except_all",
    "exists",
    "scalar_subquery",
    "subquery",
    "alias",
    "cte",
    "lateral",
    "select",
}

# Methods whose positional arguments are coerced as WHERE/HAVING criteria.
CRITERIA_METHODS = {"where", "filter", "having"}

# `and_`/`or_` of SQLAlchemy's expression language (not `sqlalchemy.sql.operators.and_`, which is
# Python's `operator.and_`).
CONJUNCTIONS = {
    f"{module}.{name}"
    for module in ("sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression", "sqlalchemy.sql.elements")
    for name in ("and_", "or_")
}


def is_text_literal(node: cst.BaseExpression) -> bool:
    """A str literal (not bytes): plain, implicitly concatenated or formatted."""
    if isinstance(node, cst.SimpleString):
        return "b" not in node.prefix.lower()
    if isinstance(node, cst.FormattedString):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return is_text_literal(node.left) and is_text_literal(node.right)
    return False


class StringSqlFragment(SqlaCodemod):
    ID = "string-sql-fragment"
    SUMMARY = 'a string as SQL criteria: .where("x = 5") → .where(text("x = 5")) on provable statements'
    SAFETY = Safety.SAFE
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    # Every rewritten call is spelled with one of these names (`.where`, `sa.and_`, `and_ as AND` ...).
    TRIGGERS = (b"where", b"having", b"filter", b"and_", b"or_")
    SITES = Sites(calls=frozenset(CONJUNCTIONS), methods=frozenset(CRITERIA_METHODS), where=has_string_argument)
    EXAMPLES = (
        Example(
            before='from sqlalchemy import select\n\nstmt = select(users).where("users.active = 1")\n',
            after='from sqlalchemy import text, select\n\nstmt = select(users).where(text("users.active = 1"))\n',
        ),
        Example(
            before="import sqlalchemy as sa\n\n"
            'stmt = sa.update(users).where(sa.and_(users.c.id == 5, "name IS NULL")).values(name="x")\n',
            after="import sqlalchemy as sa\n\n"
            'stmt = sa.update(users).where(sa.and_(users.c.id == 5, sa.text("name IS NULL"))).values(name="x")\n',
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        if method not in CRITERIA_METHODS and method not in (None, "and_", "or_"):
            return updated_node
        strings = [
            i
            for i, a in enumerate(original_node.args)
            if a.keyword is None and not a.star and is_text_literal(a.value)
        ]
        if not strings:
            return updated_node
        if not (self.qualified_names(func) & CONJUNCTIONS):
            if method not in CRITERIA_METHODS:
                return updated_node
            assert isinstance(func, cst.Attribute)
            if not self._sqla_statement(func.value, set()):
                return updated_node
        args = list(updated_node.args)
        for i in strings:
            wrapped = cst.Call(func=self.sqla_ref("text"), args=[cst.Arg(args[i].value)])
            args[i] = args[i].with_changes(value=wrapped)
        return updated_node.with_changes(args=args)

    def _sqla_statement(self, node: cst.BaseExpression, assumed: Set[Tuple[int, str]]) -> bool:
        """Whether ``node`` (an original node) provably evaluates to a SQLAlchemy statement.

        ``assumed``: variables being proven; a binding that refers back to one of them (`stmt =
        stmt.where(...)`) holds a statement whenever the variable's other bindings do.
        """
        while True:
            if isinstance(node, cst.Call):
                qualified = self.qualified_names(node.func)
                if is_sqla_callee(qualified, *STATEMENT_FUNCS) or qualified & STATEMENT_NAMES:
                    return True
                func = node.func
                if not isinstance(func, cst.Attribute):
                    return False
                if func.attr.value in ("select", "update", "delete") and self.proven_fromclause(func.value):
                    return True
                if func.attr.value not in GENERATIVE:
                    return False
                node = func.value
                continue
            if isinstance(node, cst.Name):
                return self._statement_variable(node, assumed)
            return False

    def _statement_variable(self, name: cst.Name, assumed: Set[Tuple[int, str]]) -> bool:
        found = self.state.names.lookup(name.value)  # type: ignore[union-attr]
        if found is None:
            return False
        key = (id(found[0]), name.value)
        if key in assumed:
            return True
        values = self.bound_values(name)
        if values is None:
            return False
        inner = assumed | {key}
        return all(self._sqla_statement(v, inner) for v in values)
