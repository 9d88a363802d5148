"""Receiver inference: is the object a method is called on provably a SQLAlchemy FROM clause (Table & co)?

Methods such as `.select()`, `.insert()`, `.update()` and `.delete()` exist on many other objects
(BeautifulSoup, lists, query builders), so codemods rewrite `x.select(...)` only when `x` is proven to be a
Table, a TableClause, an Alias/Join of one, or a name every binding of which is one of those.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Set

import libcst as cst

from sqla_upgrade.matchers import bound_values

TABLE_CONSTRUCTORS = {
    "sqlalchemy.Table",
    "sqlalchemy.schema.Table",
    "sqlalchemy.sql.schema.Table",
    "sqlalchemy.table",
    "sqlalchemy.sql.table",
    "sqlalchemy.sql.expression.table",
    "sqlalchemy.sql.selectable.table",
    "sqlalchemy.sql.expression.TableClause",
    "sqlalchemy.sql.selectable.TableClause",
    "sqlalchemy.alias",
    "sqlalchemy.sql.alias",
    "sqlalchemy.sql.expression.alias",
    "sqlalchemy.join",
    "sqlalchemy.sql.join",
    "sqlalchemy.sql.expression.join",
    "sqlalchemy.outerjoin",
    "sqlalchemy.sql.expression.outerjoin",
}

# Methods of a FromClause that return another FromClause.
FROMCLAUSE_METHODS = {"alias", "join", "outerjoin"}


def proven_fromclause(
    node: cst.BaseExpression,
    qualified_names,
    scopes: Mapping[cst.CSTNode, Any],
    values: Mapping[cst.Name, cst.BaseExpression],
    _seen: Optional[Set[int]] = None,
) -> bool:
    """Whether ``node`` provably evaluates to a Table/TableClause/Alias/Join.

    ``qualified_names(node)`` returns the qualified names of a node of the same tree (the codemod's
    ``qualified_names``); ``scopes``/``values`` are ScopeProvider metadata and matchers.assigned_values.

    Proven: ``Table(...)``/``table(...)``/``alias(...)``/``join(...)`` calls of SQLAlchemy's;
    ``Model.__table__``; ``<anything>.tables[...]`` (MetaData.tables); ``.alias()``/``.join()``/
    ``.outerjoin()`` of a proven receiver; a name all of whose bindings are plain assignments of those.
    """
    seen = set() if _seen is None else _seen
    if isinstance(node, cst.Call):
        if qualified_names(node.func) & TABLE_CONSTRUCTORS:
            return True
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in FROMCLAUSE_METHODS:
            return proven_fromclause(func.value, qualified_names, scopes, values, seen)
        return False
    if isinstance(node, cst.Attribute):
        return node.attr.value == "__table__"
    if isinstance(node, cst.Subscript):
        return isinstance(node.value, cst.Attribute) and node.value.attr.value == "tables"
    if isinstance(node, cst.Name):
        if id(node) in seen:
            return False
        seen.add(id(node))
        bound = bound_values(node, scopes, values)
        return bound is not None and all(
            proven_fromclause(v, qualified_names, scopes, values, seen) for v in bound
        )
    return False
