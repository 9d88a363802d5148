"""Shared matching helpers: is this node SQLAlchemy's, is this name provably a list, how to spell an import.

Every codemod matches callees by qualified name (``scopes.FileNames.qualified_names``, resolved through the
module's imports, aliases and the project index), never by bare spelling: `select` imported from sqlalchemy
is ours, a user's own `select` function or `soup.select` is not.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Set, Union

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from sqla_upgrade.kinds import SQLA_EXPORT_MODULES, Kind, sqla_names
from sqla_upgrade.scopes import BindingKind, FileNames
from sqla_upgrade.scopes import dotted_name  # noqa: F401  (re-exported for the codemods)

# `sqlalchemy.future.select` is deliberately absent from SQLA_EXPORT_MODULES: it only ever accepted the
# 2.0 calling style.


def sqla_qualified_names(*names: str) -> Set[str]:
    """Every qualified name under which SQLAlchemy exports each of ``names``."""
    return sqla_names(*names)


def is_sqla_callee(qualified: Iterable[str], *names: str) -> bool:
    """Whether a callee's qualified names include SQLAlchemy's ``names`` (e.g. ``select``)."""
    wanted = sqla_qualified_names(*names)
    return any(q in wanted for q in qualified)


def sqla_name_of(qualified: Iterable[str], *names: str) -> Optional[str]:
    """Which of ``names`` a callee is, if it is SQLAlchemy's (``"union_all"`` for ``sa.union_all``)."""
    for q in qualified:
        mod, _, last = q.rpartition(".")
        if last in names and mod in SQLA_EXPORT_MODULES:
            return last
    return None


# -- literal shapes -------------------------------------------------------------------------------------

SEQUENCE_DISPLAYS = (cst.List, cst.Tuple)
ITERABLE_DISPLAYS = (cst.List, cst.Tuple, cst.ListComp, cst.GeneratorExp)


def is_literal(node: cst.BaseExpression, value: str) -> bool:
    """``True``/``False``/``None`` literals (LibCST parses them as Names)."""
    return isinstance(node, cst.Name) and node.value == value


#: builtins whose call always returns a list or tuple (never None): it raises instead
SEQUENCE_BUILTINS = ("list", "tuple", "sorted")


def builtin_call(node: cst.BaseExpression, names: FileNames, *builtins: str) -> bool:
    """Whether ``node`` is a call of one of Python's ``builtins``: the callee is a bare name bound nowhere
    in the file as seen from the call (no assignment, parameter, import or def of it) and not brought in by
    a star import, which might shadow it."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in builtins):
        return False
    return names.lookup(node.func.value) is None and not names.qualified_names(node.func)


def proven_sequence(node: cst.BaseExpression, names: FileNames, _seen: Optional[Set[int]] = None) -> bool:
    """Whether ``node`` provably evaluates to a list or tuple (or an iterable display, for splatting).

    A display (``[*a, b]`` too) or comprehension is; so is a call of the builtin ``list``/``tuple``/
    ``sorted``; so is ``a + b`` of two such; so is a bare name every binding of which, as seen from the use
    (``global``/``nonlocal`` included), is a plain ``name = <proven sequence>``: no augmented, unpacking,
    loop, parameter or import binding. ``cols + [x]`` is a list only when ``cols`` is: a column plus a list
    (a PostgreSQL ARRAY expression) is one column. None of these can be None.
    """
    if isinstance(node, ITERABLE_DISPLAYS):
        return True
    if isinstance(node, cst.Call):
        return builtin_call(node, names, *SEQUENCE_BUILTINS)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return proven_sequence(node.left, names, _seen) and proven_sequence(node.right, names, _seen)
    if isinstance(node, cst.Name):
        seen = set() if _seen is None else _seen
        if id(node) in seen:
            # `cols = cols + [x]`: the recursion came back to itself; not proven this way.
            return False
        seen.add(id(node))
        found = names.lookup(node.value)
        if found is None:
            return False
        for b in found[1]:
            if b.kind != BindingKind.ASSIGN or b.value is None:
                return False
            with names.within(b.scope):
                if not proven_sequence(b.value, names, seen):
                    return False
        return True
    return False


# -- spelling SQLAlchemy names in the module's own style ------------------------------------------------

class SqlaImportStyle:
    """How a module refers to SQLAlchemy, so that added names follow its style.

    ``import sqlalchemy as sa`` → ``sa.text``; ``import sqlalchemy`` → ``sqlalchemy.text``; otherwise
    ``from sqlalchemy import text`` (scheduled through AddImportsVisitor), or, when the bare name is already
    bound to something else at module level (``import inspect``), ``sqlalchemy.text`` with ``import
    sqlalchemy`` added.
    """

    def __init__(self, module: cst.Module, names: FileNames) -> None:
        self.alias: Optional[str] = None
        self.names = names
        for stmt in module.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if isinstance(small, cst.Import):
                    for alias in small.names:
                        if _dotted(alias.name) == "sqlalchemy":
                            as_name = alias.asname.name if alias.asname else None
                            name = as_name.value if isinstance(as_name, cst.Name) else "sqlalchemy"
                            if self.alias is None:
                                self.alias = name
        self.module_scope = names.scope_for(module, None)

    def name_is_taken(self, name: str, qualified: str) -> bool:
        """Whether ``name`` is bound at module level to something other than ``qualified``."""
        bindings = self.module_scope.bindings.get(name)
        if not bindings:
            return False
        wanted = sqla_qualified_names(name) | {qualified}
        return any(b.kind != BindingKind.IMPORT or b.qualified not in wanted for b in bindings)

    def ref(self, context, name: str, module: str = "sqlalchemy") -> cst.BaseExpression:
        """An expression for ``module.name`` in this module's style, scheduling any import it needs."""
        if module == "sqlalchemy" and self.alias is not None:
            return cst.Attribute(value=cst.Name(self.alias), attr=cst.Name(name))
        if self.name_is_taken(name, f"{module}.{name}"):
            AddImportsVisitor.add_needed_import(context, module)
            return cst.parse_expression(f"{module}.{name}")
        AddImportsVisitor.add_needed_import(context, module, name)
        return cst.Name(name)


def _dotted(node: Union[cst.Attribute, cst.Name]) -> str:
    if isinstance(node, cst.Name):
        return node.value
    return f"{_dotted(node.value)}.{node.attr.value}"  # type: ignore[arg-type]


def bound_values(node: cst.Name, names: FileNames) -> Optional[List[cst.BaseExpression]]:
    """The value of every binding of ``node`` visible from its use, when each one is a plain ``name =
    value`` statement; None when any binding is of another kind (loop target, parameter, import, augmented,
    annotated or unpacking assignment) or the name is unbound, since then its value is unknown.

    The values belong to the scopes of their bindings: a proof that goes on into one resolves its names
    with ``names.within(binding.scope)`` (see :func:`bound_bindings`)."""
    found = bound_bindings(node, names)
    return None if found is None else [b.value for b in found]  # type: ignore[misc]


def bound_bindings(node: cst.Name, names: FileNames):
    """Like :func:`bound_values`, the bindings themselves (value and scope)."""
    found = names.lookup(node.value)
    if found is None:
        return None
    out = []
    for b in found[1]:
        if b.kind != BindingKind.ASSIGN or b.value is None:
            return None
        out.append(b)
    return out


def name_none_verdict(node: cst.Name, names: FileNames, value_verdict) -> str:
    """Whether the name ``node`` may hold None: ``maybe`` (a visible binding is None, or a parameter
    defaults to None), ``unknown`` (a parameter or another binding whose value is not known here) or ``no``.
    ``value_verdict(value)`` judges an assigned value (evaluated in its binding's scope)."""
    if node.value in ("True", "False"):
        return "no"
    found = names.lookup(node.value)
    if found is None:
        return "unknown"
    verdict = "no"
    for b in found[1]:
        if b.kind == BindingKind.PARAM:
            if b.value is not None and is_literal(b.value, "None"):
                return "maybe"
            verdict = "unknown"
            continue
        if b.kind != BindingKind.ASSIGN or b.value is None:
            verdict = "unknown"
            continue
        with names.within(b.scope):
            inner = value_verdict(b.value)
        if inner == "maybe":
            return "maybe"
        if inner == "unknown":
            verdict = "unknown"
    return verdict


def remove_import_if_unused(context, names: FileNames, node: cst.BaseExpression) -> None:
    """Schedule the removal of the import that binds ``node`` (a Name), kept if the name is still used
    once the rewrites are done (RemoveImportsVisitor checks that)."""
    if not isinstance(node, cst.Name):
        return
    found = names.lookup(node.value)
    if found is None:
        return
    for b in found[1]:
        if b.kind != BindingKind.IMPORT or not isinstance(b.node, cst.ImportAlias) or not b.qualified:
            continue
        module, _, obj = b.qualified.rpartition(".")
        asname = node.value if node.value != obj else None
        RemoveImportsVisitor.remove_unused_import(context, module, obj, asname)


# -- Session factories ----------------------------------------------------------------------------------

#: the qualified names of the ORM's Session class and sessionmaker
SESSION_FACTORIES = frozenset(sqla_names("Session", "sessionmaker", modules=("sqlalchemy.orm", "sqlalchemy.orm.session")))


def session_factory_call(call: cst.Call, names: FileNames, kind_of) -> bool:
    """Whether ``call`` (an original node) passes Session options: ``Session(...)``, ``sessionmaker(...)``
    by qualified name, or ``.configure(...)`` on a proven sessionmaker (``kind_of``: receiver inference)."""
    func = call.func
    if isinstance(func, (cst.Name, cst.Attribute)):
        qualified = names.qualified_names(func)
        if qualified and qualified <= SESSION_FACTORIES:
            return True
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == "configure"
        and kind_of(func.value) == Kind.SESSIONMAKER
    )


def keyword_arg(call: cst.Call, name: str) -> Optional[cst.Arg]:
    """The argument ``name=...`` of ``call``, if it is passed by keyword."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def inside_sqlalchemy(names: FileNames) -> bool:
    """Whether the file is one of SQLAlchemy's own modules (a checkout of it), whose code is the library's
    internals, not a use of its public API."""
    return names.module_name.split(".")[0] == "sqlalchemy"


def unused_name(module: cst.Module, candidates=("conn", "connection", "_conn")) -> str:
    """A name no code of ``module`` uses or binds (for the connection of a with-block a rewrite adds)."""
    taken: Set[str] = set()

    class Collect(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            taken.add(name.value)

    module.visit(Collect())
    more = (f"conn_{i}" for i in range(1, len(taken) + 2))
    return next(n for n in (*candidates, *more) if n not in taken)
