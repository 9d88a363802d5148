"""Alembic env.py: `context.configure(...)` → `context.configure(..., render_as_batch=True)`.

SQLite cannot ALTER constraints or most column properties, so a migration that adds a unique constraint
fails with `NotImplementedError: No support for ALTER of constraints in SQLite dialect`. Alembic's answer is
batch mode (copy the table with the new definition, move the rows, swap the tables). `render_as_batch=True`
makes `alembic revision --autogenerate` write every change to an existing table inside
`with op.batch_alter_table("t", schema=None) as batch_op:` blocks. It is read only by autogenerate: it does
not change how already-written scripts run (the alembic-batch-ops codemod rewrites those), and a batch
block runs plain ALTERs in order on backends other than SQLite, so it is safe everywhere.

The keyword is added to every call of `alembic.context.configure` (matched by qualified name): the online
one (autogenerate needs a live connection; in the async template it is in `do_run_migrations()`, in the
multidb template inside the per-engine loop) and the offline one, for consistency. `--alembic-batch`
decides when:

* `auto` (default): `render_as_batch=True` when alembic.ini (any section; it is looked for in env.py's
  folder and its parent) or env.py names a `sqlite://` URL; otherwise env.py is left alone, and the run
  says so once per Alembic project (an informational line, not a finding: the URL may come from an
  environment variable or the application's settings, and most such projects are not on SQLite).
* `always`: `render_as_batch=True`.
* `never`: left alone (and so are the migration scripts).
* `sqlite`: decided at run time from the configured connection (`connection.dialect.name == "sqlite"`)
  or, offline, from the URL (`str(url).startswith("sqlite")`).

Idempotent: a call that already passes `render_as_batch` is left alone (a literal `False` is reported).
Existing arguments, their order, layout and comments are kept. Reported, not rewritten: options passed as
`**kwargs` (the keyword may already be in them), and in `sqlite` mode a connection or URL that is not a
plain name or attribute (it would be evaluated twice). Note that offline (`alembic upgrade --sql`) batch
operations on SQLite cannot reflect the table and stop with a CommandError unless the block is given
`copy_from=`; online runs are not affected.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from sqla_upgrade.detect import Sites
from sqla_upgrade.alembic_project import project_facts, python_names_sqlite
from sqla_upgrade.chain import append_arg
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.matchers import is_literal

CONFIGURE = "alembic.context.configure"


def _pure(node: cst.BaseExpression) -> bool:
    """Whether evaluating ``node`` a second time is harmless: a name, an attribute or a subscript by a
    literal or name (`connection`, `self.conn`, `rec["connection"]`)."""
    if isinstance(node, cst.Name):
        return True
    if isinstance(node, cst.Attribute):
        return _pure(node.value)
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        return (
            _pure(node.value)
            and isinstance(index, cst.Index)
            and isinstance(index.value, (cst.SimpleString, cst.Integer, cst.Name))
        )
    return False


def _keyword(call: cst.Call, name: str) -> Optional[cst.Arg]:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


class AlembicBatchEnv(SqlaCodemod):
    ID = "alembic-batch-env"
    SUMMARY = "Alembic env.py: context.configure(...) gets render_as_batch=True (SQLite batch mode)"
    SAFETY = Safety.SAFE
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    # Not b"render_as_batch": that is what this codemod writes.
    TRIGGERS = (b"context.configure", b"from alembic import context")
    SITES = Sites(calls=frozenset({CONFIGURE}))
    EXAMPLES = (
        Example(
            before=(
                "from alembic import context\n"
                "from sqlalchemy import create_engine\n"
                "\n"
                "\n"
                "def run_migrations_online():\n"
                '    with create_engine("sqlite:///app.db").connect() as connection:\n'
                "        context.configure(connection=connection, target_metadata=target_metadata)\n"
                "        with context.begin_transaction():\n"
                "            context.run_migrations()\n"
            ),
            after=(
                "from alembic import context\n"
                "from sqlalchemy import create_engine\n"
                "\n"
                "\n"
                "def run_migrations_online():\n"
                '    with create_engine("sqlite:///app.db").connect() as connection:\n'
                "        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)\n"
                "        with context.begin_transaction():\n"
                "            context.run_migrations()\n"
            ),
        ),
    )

    @classmethod
    def applies(cls, path: str, options) -> bool:
        return options.alembic_batch != "never"

    def __init__(self, context, state=None) -> None:
        super().__init__(context, state)
        self._names_sqlite: Optional[bool] = None

    def _project_names_sqlite(self) -> bool:
        if self._names_sqlite is None:
            module = self.context.wrapper.module  # type: ignore[union-attr]
            self._names_sqlite = python_names_sqlite(self.state.source_text or module.code) or project_facts(
                self.state.path
            ).names_sqlite
        return self._names_sqlite

    def _sqlite_test(self, call: cst.Call) -> Optional[cst.BaseExpression]:
        """For --alembic-batch=sqlite: an expression that is true when the configured database is SQLite."""
        code = self._code
        connection = _keyword(call, "connection")
        if connection is not None:
            if not _pure(connection.value):
                return None
            return cst.parse_expression(f'{code(connection.value)}.dialect.name == "sqlite"')
        url = _keyword(call, "url")
        if url is not None:
            if not _pure(url.value):
                return None
            # str() because `url` may be a string or a sqlalchemy URL object.
            return cst.parse_expression(f'str({code(url.value)}).startswith("sqlite")')
        dialect = _keyword(call, "dialect_name")
        if dialect is not None:
            if isinstance(dialect.value, cst.SimpleString):
                return cst.Name("True" if dialect.value.evaluated_value == "sqlite" else "False")
            if _pure(dialect.value):
                return cst.parse_expression(f'{code(dialect.value)} == "sqlite"')
        return None

    def _code(self, node: cst.CSTNode) -> str:
        return self.context.wrapper.module.code_for_node(node)  # type: ignore[union-attr]

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if CONFIGURE not in self.qualified_names(original_node.func):
            return updated_node
        existing = _keyword(original_node, "render_as_batch")
        if existing is not None:
            if is_literal(existing.value, "False"):
                self.report(
                    existing,
                    "render_as_batch=False: autogenerate will write plain ALTERs, which fail on SQLite; "
                    "set render_as_batch=True if these migrations run on SQLite",
                )
            return updated_node
        if any(arg.star == "**" for arg in original_node.args):
            self.report(
                original_node,
                "context.configure(**options): add render_as_batch=True to the options by hand "
                "(SQLite needs batch mode to alter tables)",
            )
            return updated_node

        mode = self.state.options.alembic_batch
        value: Optional[cst.BaseExpression]
        if mode == "always":
            value = cst.Name("True")
        elif mode == "sqlite":
            value = self._sqlite_test(original_node)
            if value is None:
                self.report(
                    original_node,
                    "cannot tell from this context.configure() call which database it targets: add "
                    "render_as_batch=True by hand if it can be SQLite",
                )
                return updated_node
            if is_literal(value, "False"):
                return updated_node  # a dialect other than SQLite, named literally
        else:
            if not self._project_names_sqlite():
                # Not a finding: the run says once per Alembic project what it decided, and how to
                # decide otherwise (cli.alembic_decisions).
                return updated_node
            value = cst.Name("True")

        arg = cst.Arg(
            keyword=cst.Name("render_as_batch"),
            value=value,
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
            ),
        )
        return append_arg(updated_node, arg)
