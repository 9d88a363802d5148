"""`t.insert({"x": 1})` / `t.update(t.c.id == 1, {"x": 2})` / `t.delete(t.c.id == 1)` → generative chains.

SQLAlchemy 1.4 deprecated the arguments of `TableClause.insert(values, inline, **kw)`,
`.update(whereclause, values, inline, **kw)` and `.delete(whereclause, **kw)` (RemovedIn20Warning, b8d9);
in 2.0 the methods take no arguments and raise `TypeError`. They forwarded everything to the `insert()`/
`update()`/`delete()` constructors, so the argument map is the one of dml-legacy-args
(`sqla_upgrade/legacy_dml.py`), kept on the table: `t.insert().values({"x": 1})`,
`t.update().where(t.c.id == 1).values({"x": 2})`, `t.delete().where(t.c.id == 1)`. The output runs on 1.4.

`.insert()`, `.update()` and `.delete()` are among the commonest method names there are (`list.insert(0, x)`,
`dict.update(...)`, `session.delete(obj)`, query builders), so a call is rewritten only when its receiver is
provably a Table: `Table(...)`, `table(...)`, `Model.__table__`, `metadata.tables[...]`, an `.alias()` of one,
or a name every assignment of which is one of those. Everything else stays byte-identical without a finding,
with one exception: in a module that imports sqlalchemy, a call on an unproven receiver that uses keywords
only SQLAlchemy's methods take (`whereclause=`, `values=`, `inline=`, `returning=`, `prefixes=`,
`return_defaults=`, `preserve_parameter_order=` for insert/delete; for `.update()`, which `dict.update()`
accepts any keyword for, only `whereclause=`, `preserve_parameter_order=`, `return_defaults=`) is an unsafe
fix. Positional-only calls on an unproven receiver are never touched (`cache.update({"a": 1})` is a dict).

Edge cases are those of dml-legacy-args: a whereclause that may be None (1.4 skipped it, 2.0 renders
WHERE NULL), `bind=`, `**kw`, non-literal flags, and `returning=` with `return_defaults=` are reported.
"""

from __future__ import annotations

from typing import Optional, Set, Tuple

import libcst as cst

from sqla_upgrade.detect import Sites, has_arguments
from sqla_upgrade.codemod import Example, Safety
from sqla_upgrade.legacy_dml import CONSTRUCTOR_PARAMS, KINDS, LegacyDmlCodemod, code_of, dml_callee_kind

# Keywords that, on an unproven receiver, make a SQLAlchemy Table very likely. dict.update() takes any
# keyword, so `.update()` needs ones nobody stores in a dict by accident.
_TELLING_KEYWORDS = {
    "insert": set(CONSTRUCTOR_PARAMS["insert"]) - {"bind"},
    "delete": set(CONSTRUCTOR_PARAMS["delete"]) - {"bind"},
    "update": {"whereclause", "preserve_parameter_order", "return_defaults"},
}


def _imports_sqlalchemy(module: cst.Module) -> bool:
    """Whether the module imports anything from sqlalchemy at its top level."""
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Import):
                if any(_root(alias.name) == "sqlalchemy" for alias in small.names):
                    return True
            elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
                if _root(small.module) == "sqlalchemy":
                    return True
    return False


def _root(node: cst.BaseExpression) -> Optional[str]:
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


class TableDmlArgs(LegacyDmlCodemod):
    ID = "table-dml-args"
    SUMMARY = "Table.insert()/update()/delete() legacy arguments → .where()/.values()/... chains"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    # A method is called by its name.
    TRIGGERS = (b"insert", b"update", b"delete")
    SITES = Sites(
        methods=frozenset({"insert", "update", "delete"}),
        where=has_arguments,
        table_receivers=True,
        telling_keywords=frozenset(k for kinds in _TELLING_KEYWORDS.values() for k in kinds),
    )
    EMITS = (
        b".where(",
        b".values(",
        b".ordered_values(",
        b".inline(",
        b".returning(",
        b".return_defaults(",
        b".prefix_with(",
        b".with_dialect_options(",
    )
    EXAMPLES = (
        Example(
            before='from sqlalchemy import Table\n\nusers = Table("users", metadata, autoload_with=engine)\n'
            'stmt = users.update(users.c.id == 1, {"name": "x"})\n',
            after='from sqlalchemy import Table\n\nusers = Table("users", metadata, autoload_with=engine)\n'
            'stmt = users.update().where(users.c.id == 1).values({"name": "x"})\n',
        ),
        Example(
            before='stmt = User.__table__.insert({"name": "x"}, inline=True)\n',
            after='stmt = User.__table__.insert().values({"name": "x"}).inline()\n',
        ),
        Example(
            before="import sqlalchemy as sa\n\nstmt = accounts.delete(whereclause=accounts.c.closed == True)\n",
            after="import sqlalchemy as sa\n\nstmt = accounts.delete().where(accounts.c.closed == True)\n",
            unsafe=True,
        ),
    )

    METHOD_FORM = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._sqla_module: Optional[bool] = None

    def match(self, call: cst.Call) -> Optional[Tuple[str, Optional[str]]]:
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in KINDS) or not call.args:
            return None
        kind = func.attr.value
        if dml_callee_kind(self.qualified_names(func)) is not None:
            return None  # `sa.insert(t, ...)`: the constructor, dml-legacy-args' business
        if self.proven_fromclause(func.value):
            return (kind, None)
        keywords: Set[str] = {a.keyword.value for a in call.args if a.keyword is not None}
        if not keywords & _TELLING_KEYWORDS[kind] or not self._imports_sqlalchemy():
            return None
        return (
            kind,
            f"`{code_of(func.value)}` is not proven to be a Table: .{kind}(...) with SQLAlchemy's arguments "
            f"→ .{kind}() chain",
        )

    def _imports_sqlalchemy(self) -> bool:
        if self._sqla_module is None:
            self._sqla_module = _imports_sqlalchemy(self.context.wrapper.module)  # type: ignore[union-attr]
        return self._sqla_module

