"""`stmt.with_only_columns([a, b])` → `stmt.with_only_columns(a, b)`.

SQLAlchemy 1.3's `Select.with_only_columns(columns)` took one list; 1.4 changed it to `*columns` and still
unpacked a lone list with a RemovedIn20Warning; 2.0 raises `ArgumentError` for it. The method name exists
only on SQLAlchemy's Select, so it is matched by name. The rewritten call selects the same columns on 1.4
and 2.0 (the output runs on both).

Rewritten: a list or tuple display (spliced into the call, its line breaks and comments kept; `[]` → no
argument), a list comprehension or generator (`*[...]`), the 1.3 keyword `columns=[...]`, a name every
assignment of which is a list/tuple display (`*cols`) and `cols + [x]` of such (`*cols, x`).

Left alone: several positional arguments or `*cols` (the 2.0 calling style); one column expression such as
`t.c.id` (valid in every version); a set (unpacked by 2.0 too); a name bound only to classes or functions
(ORM entities) or to SQLAlchemy objects (`select(...)...`, a Table). Any other bare name, and the 1.3
`columns=` keyword with a value that is not a display — it may be one column, which is valid, or a list,
which 2.0 rejects — is reported (b8d9).
"""

from __future__ import annotations

import libcst as cst

from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.codemods.case_whens_list import move_first, splat_arg, splice_display
from sqla_upgrade.codemods.string_sql_fragment import GENERATIVE
from sqla_upgrade.matchers import SQLA_EXPORT_MODULES


class WithOnlyColumnsList(SqlaCodemod):
    ID = "with-only-columns-list"
    SUMMARY = "with_only_columns([a, b]) → with_only_columns(a, b)"
    SAFETY = Safety.SAFE
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"with_only_columns",)
    EXAMPLES = (
        Example(
            before="stmt = stmt.with_only_columns([users.c.id, users.c.name])\n",
            after="stmt = stmt.with_only_columns(users.c.id, users.c.name)\n",
        ),
        Example(
            before="cols = [users.c.id, users.c.name]\nstmt = stmt.with_only_columns(cols)\n",
            after="cols = [users.c.id, users.c.name]\nstmt = stmt.with_only_columns(*cols)\n",
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
        index = columns[0]
        value = args[index].value
        if isinstance(value, (cst.List, cst.Tuple)):
            new = move_first(updated_node, index)
            display = new.args[0].value
            assert isinstance(display, (cst.List, cst.Tuple))
            return splice_display(new, 0, display)
        if isinstance(value, (cst.ListComp, cst.GeneratorExp)) or (
            isinstance(value, (cst.Name, cst.BinaryOperation)) and self.proven_sequence(value)
        ):
            new = move_first(updated_node, index)
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
        scopes, values = self._scopes_and_values()
        scope = scopes.get(name)
        bindings = list(scope[name.value]) if scope is not None else []
        if not bindings:
            return False
        for binding in bindings:
            node = getattr(binding, "node", None)
            if isinstance(node, (cst.ClassDef, cst.FunctionDef)):
                continue
            value = values.get(node) if isinstance(node, cst.Name) else None
            if value is None or not self._sqla_object(value):
                return False
        return True

    def _sqla_object(self, node: cst.BaseExpression) -> bool:
        """A Table/Join/Alias, a call of SQLAlchemy's (`select(...)`, `column(...)`, `func.x(...)`), or a chain
        of statement methods on one of those."""
        while True:
            if self.proven_fromclause(node):
                return True
            if not isinstance(node, cst.Call):
                return False
            if any(q.rpartition(".")[0] in SQLA_EXPORT_MODULES for q in self.qualified_names(node.func)):
                return True
            func = node.func
            if not (isinstance(func, cst.Attribute) and func.attr.value in GENERATIVE):
                return False
            node = func.value
