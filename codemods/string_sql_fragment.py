"""A string used as a SQL condition → `text()`: `select(t).where("x = 5")` → `.where(text("x = 5"))`.

SQLAlchemy up to 1.2 turned a string given where a SQL expression is expected into `text()` with a
warning; since 1.3.0 (still in 1.4 and 2.0) it raises `ArgumentError: Textual SQL expression 'x = 5' should
be explicitly declared as text('x = 5')`. Wrapping the string in `text()` is what 1.2 did silently (bound
parameters such as `:name` are parsed the same way), and the output runs on 1.4 and 2.0.

Rewritten: string literals (also implicit concatenations and f-strings, never bytes) passed positionally to
`.where()`, `.filter()` or `.having()` when the object they are called on is proven (inference.py) to be
a Select, CompoundSelect, Exists, DML statement or Query: a chain of statement methods (`.where`,
`.order_by`, `.join`, `.values` ...) that starts at a call of SQLAlchemy's `select`/`exists`/`update`/
`delete`/`union*`/..., or at `.select()`/`.update()`/`.delete()` on a Table/Join/Alias/Subquery, a name
every assignment of which is such a chain (`stmt = stmt.where(...)` included), a Query of a proven
Session. Also string literals passed to
SQLAlchemy's `and_()`/`or_()`, which reject them the same way. `select([t], "x = 5")` reaches this codemod
as `select(t).where("x = 5")` (select-legacy runs first).

Left alone: `order_by("label")`/`group_by("label")` (a string there is a reference to a label, still valid
in 2.0); `not_("x")` (a string there is a bound value, not SQL); any receiver that is not provably
SQLAlchemy's — `df.where("...")` (pandas), `session.query(...).filter("...")` when the Session's type is not
known here — without a finding.
"""

from __future__ import annotations

import libcst as cst

from sqla_upgrade.detect import Sites, has_string_argument
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.kinds import Kind

# What `.where()`/`.filter()`/`.having()` is called on when it coerces its argument as SQL (inference.py
# proves it: a chain of statement methods from SQLAlchemy's constructors, a name bound only to such, a
# Query from a proven Session...).
STATEMENT_KINDS = (Kind.SELECT, Kind.COMPOUND, Kind.EXISTS, Kind.DML, Kind.QUERY)

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
            if self.kind_of(func.value) not in STATEMENT_KINDS:
                return updated_node
        args = list(updated_node.args)
        for i in strings:
            wrapped = cst.Call(func=self.sqla_ref("text"), args=[cst.Arg(args[i].value)])
            args[i] = args[i].with_changes(value=wrapped)
        return updated_node.with_changes(args=args)
