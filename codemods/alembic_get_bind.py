"""Alembic migrations: `op.get_bind().execute("SQL")` → `op.get_bind().exec_driver_sql("SQL")`.

`op.get_bind()` returns the migration's `Connection`. SQLAlchemy 1.x accepted a plain SQL string in
`Connection.execute()` and passed it to the DB-API driver as is (driver paramstyle, `%` not escaped);
2.0 raises `ObjectNotExecutableError` for it. `Connection.exec_driver_sql()` (since 1.4) is that same
driver-level path, so the rewrite keeps the SQL, the parameters and the result exactly. The connection is
inside Alembic's migration transaction: nothing needs committing. (`op.execute("SQL")` itself still takes
strings and is left alone.)

Matched: `op.get_bind().execute(...)` and `conn.execute(...)` where every binding of `conn` is
`conn = op.get_bind()` (`op` resolved to `alembic.op` by qualified name), when the statement is provably a
string (a string literal, an f-string, or a name only ever bound to those) and the parameters, if any, are
one dict, tuple or list display (what `exec_driver_sql` takes as its second argument).

Reported, not rewritten: a string statement with keyword parameters (`execute("... :x", x=1)`) or with
parameters that are not one dict/tuple/list display (`exec_driver_sql()` takes no keywords and no
separate positional values): pass them as one dict or tuple, or use `sa.text()` with bound parameters.
Statements that are not provably strings (`select()`, `text()`, a name from elsewhere) are left alone.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from sqla_upgrade.detect import Sites, has_arguments
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod

GET_BIND = "alembic.op.get_bind"
_STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
_PARAMETER_DISPLAYS = (cst.Dict, cst.Tuple, cst.List)


class AlembicGetBind(SqlaCodemod):
    ID = "alembic-get-bind"
    SUMMARY = 'Alembic: op.get_bind().execute("SQL") → op.get_bind().exec_driver_sql("SQL")'
    SAFETY = Safety.SAFE
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"get_bind",)
    SITES = Sites(methods=frozenset({"execute"}), where=has_arguments)
    EXAMPLES = (
        Example(
            before=(
                "from alembic import op\n"
                "\n"
                "\n"
                "def upgrade():\n"
                '    op.get_bind().execute("UPDATE book SET isbn = \'\' WHERE isbn IS NULL")\n'
            ),
            after=(
                "from alembic import op\n"
                "\n"
                "\n"
                "def upgrade():\n"
                '    op.get_bind().exec_driver_sql("UPDATE book SET isbn = \'\' WHERE isbn IS NULL")\n'
            ),
        ),
    )

    def _is_get_bind_call(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, cst.Call) and GET_BIND in self.qualified_names(node.func)

    def _is_bind(self, receiver: cst.BaseExpression) -> bool:
        """Whether ``receiver`` (an original node) is the migration's connection from ``op.get_bind()``."""
        if self._is_get_bind_call(receiver):
            return True
        if isinstance(receiver, cst.Name):
            values = self.bound_values(receiver)
            return bool(values) and all(self._is_get_bind_call(v) for v in values)  # type: ignore[union-attr]
        return False

    def _is_string(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, _STRINGS):
            # b"..." is not SQL text for execute(); leave it to fail loudly as it did before.
            return not (isinstance(node, cst.SimpleString) and "b" in node.prefix.lower())
        if isinstance(node, cst.Name):
            values = self.bound_values(node)
            return bool(values) and all(isinstance(v, _STRINGS) and self._is_string(v) for v in values)  # type: ignore[union-attr]
        return False

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "execute"):
            return updated_node
        args = original_node.args
        if not args or args[0].keyword is not None or args[0].star:
            return updated_node
        if not self._is_bind(func.value) or not self._is_string(args[0].value):
            return updated_node
        problem: Optional[str] = None
        rest = args[1:]
        if any(a.keyword is not None or a.star == "**" for a in rest):
            problem = "exec_driver_sql() takes no keyword parameters"
        elif len(rest) > 1 or any(a.star for a in rest):
            problem = "exec_driver_sql() takes the parameters as one tuple or dict, not as separate arguments"
        elif rest and not isinstance(rest[0].value, _PARAMETER_DISPLAYS):
            problem = "exec_driver_sql() takes one dict, tuple or list of them, and these parameters may be a single value"
        if problem is not None:
            self.report(
                original_node,
                f"Connection.execute() takes no SQL strings in 2.0, and {problem}: pass the parameters to "
                "exec_driver_sql() as one dict or tuple, or use text() with bound parameters",
            )
            return updated_node
        new_func = updated_node.func
        assert isinstance(new_func, cst.Attribute)
        return updated_node.with_changes(func=new_func.with_changes(attr=cst.Name("exec_driver_sql")))
