"""`stmt.with_only_columns([a, b])` → `stmt.with_only_columns(a, b)`.

SQLAlchemy 1.3's `Select.with_only_columns(columns)` took one list; 1.4 changed it to `*columns` and still
unpacked a lone list with a RemovedIn20Warning; 2.0 raises `ArgumentError` for it. The rewritten call selects
the same columns on 1.4 and 2.0 (the output runs on both). The receiver's kind decides (inference.py): on a
proven Select the rewrite is safe; on a receiver whose kind is unknown here it is an unsafe fix; a user's
own object is left alone.

Rewritten: a list or tuple display (spliced into the call, its line breaks and comments kept; `[]` → no
argument), a list comprehension or generator (`*[...]`), the 1.3 keyword `columns=[...]`, a name every
assignment of which is a list/tuple display (`*cols`), a call of the builtin `list`/`tuple`/`sorted`
(`*list(x)`) and `cols + [x]` of such (`*cols, x`).

Left alone: several positional arguments or `*cols` (the 2.0 calling style); one column expression such as
`t.c.id` (valid in every version); a set (unpacked by 2.0 too); a name bound only to classes or functions
(ORM entities) or to SQLAlchemy objects (`select(...)...`, a Table). Any other bare name, and the 1.3
`columns=` keyword with a value that is not a display — it may be one column, which is valid, or a list,
which 2.0 rejects — is reported (b8d9).
"""

from __future__ import annotations

import libcst as cst

from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import SQLA_KINDS, Kind
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.codemods.case_whens_list import move_first, splat_arg, splice_display
from sqla_upgrade.matchers import SQLA_EXPORT_MODULES
from sqla_upgrade.scopes import BindingKind


class WithOnlyColumnsList(SqlaCodemod):
    ID = "with-only-columns-list"
    SUMMARY = "with_only_columns([a, b]) → with_only_columns(a, b)"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"with_only_columns",)
    SITES = Sites(methods=frozenset({"with_only_columns"}))
    EXAMPLES = (
        Example(
            before="from sqlalchemy import select\n\n"
            "stmt = select(users).with_only_columns([users.c.id, users.c.name])\n",
            after="from sqlalchemy import select\n\n"
            "stmt = select(users).with_only_columns(users.c.id, users.c.name)\n",
        ),
        Example(
            before="from sqlalchemy import select\n\n"
            "cols = [users.c.id, users.c.name]\nstmt = select(users)\nstmt = stmt.with_only_columns(cols)\n",
            after="from sqlalchemy import select\n\n"
            "cols = [users.c.id, users.c.name]\nstmt = select(users)\nstmt = stmt.with_only_columns(*cols)\n",
        ),
        Example(
            before="import sqlalchemy as sa\n\ndef narrowed(stmt):\n    return stmt.with_only_columns([users.c.id])\n",
            after="import sqlalchemy as sa\n\ndef narrowed(stmt):\n    return stmt.with_only_columns(users.c.id)\n",
            unsafe=True,
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "with_only_columns"):
            return updated_node
        args = original_node.args
        if any(a.star for a in args):
            return updated_node
        columns = [i for i, a in enumerate(args) if a.keyword is None or a.keyword.value == "columns"]
        others = {a.keyword.value for a in args if a.keyword is not None} - {"columns"}
        if len(columns) != 1 or others - {"maintain_column_froms"}:
            return updated_node
        kind = self.kind_of(func.value)
        if kind not in (Kind.SELECT, Kind.UNKNOWN):
            return updated_node
        index = columns[0]
        value = args[index].value
        splice = isinstance(value, (cst.List, cst.Tuple))
        if splice or isinstance(value, (cst.ListComp, cst.GeneratorExp)) or (
            isinstance(value, (cst.Name, cst.BinaryOperation, cst.Call)) and self.proven_sequence(value)
        ):
            if kind != Kind.SELECT and not self.allow_unsafe(
                original_node,
                "with_only_columns() no longer accepts a list: pass the columns positionally "
                "(its receiver is not proven to be a Select)",
            ):
                return updated_node
            new = move_first(updated_node, index)
            if splice:
                display = new.args[0].value
                assert isinstance(display, (cst.List, cst.Tuple))
                return splice_display(new, 0, display)
            return splat_arg(new, 0, new.args[0].value)
        if isinstance(value, cst.Name) and self._evidently_not_a_list(value):
            return updated_node
        if isinstance(value, cst.Name) or args[index].keyword is not None:
            # The 1.3 keyword always held a sequence; a bare name may be one column (valid) or a list.
            code = cst.Module(body=[]).code_for_node(value)
            if "\n" in code or len(code) > 40:
                code = "columns"
            self.report(
                original_node,
                f"with_only_columns() no longer accepts a list: if {code} is a list/tuple of columns, "
                f"pass them positionally, with_only_columns(*{code})",
            )
        return updated_node

    def _evidently_not_a_list(self, name: cst.Name) -> bool:
        """Every binding of ``name`` is a class or function (an ORM entity, say) or a SQLAlchemy object:
        then it is one column entity, valid in 2.0, and a finding would be noise."""
        found = self.state.names.lookup(name.value)  # type: ignore[union-attr]
        if found is None:
            return False
        for binding in found[1]:
            if binding.kind in (BindingKind.CLASS, BindingKind.DEF):
                continue
            if binding.kind != BindingKind.ASSIGN or binding.value is None:
                return False
            with self.state.names.within(binding.scope):  # type: ignore[union-attr]
                if not self._sqla_object(binding.value):
                    return False
        return True

    def _sqla_object(self, node: cst.BaseExpression) -> bool:
        """A SQLAlchemy object of a kind inference proves (a Table, a Select and its chains, a scalar
        subquery...), or a call of one of SQLAlchemy's functions (`column(...)`, `func.x(...)`)."""
        if self.kind_of(node) in SQLA_KINDS:
            return True
        return isinstance(node, cst.Call) and any(
            q.rpartition(".")[0] in SQLA_EXPORT_MODULES for q in self.qualified_names(node.func)
        )
