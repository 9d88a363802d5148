"""Shared matching helpers: is this node SQLAlchemy's, is this name provably a list, how to spell an import.

Every codemod matches callees by qualified name (LibCST's QualifiedNameProvider, resolved through the
module's imports), never by bare spelling: `select` imported from sqlalchemy is ours, a user's own `select`
function or `soup.select` is not.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Set, Union

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import Assignment, GlobalScope, ScopeProvider

# The modules from which SQLAlchemy 1.3/1.4 exports its public SQL-construction functions.
# `sqlalchemy.future.select` is deliberately absent: it only ever accepted the 2.0 calling style.
SQLA_EXPORT_MODULES = (
    "sqlalchemy",
    "sqlalchemy.sql",
    "sqlalchemy.sql.expression",
    "sqlalchemy.sql.selectable",
    "sqlalchemy.sql.dml",
    "sqlalchemy.sql.elements",
    "sqlalchemy.sql.functions",
    "sqlalchemy.sql.operators",
)


def sqla_qualified_names(*names: str) -> Set[str]:
    """Every qualified name under which SQLAlchemy exports each of ``names``."""
    return {f"{mod}.{name}" for mod in SQLA_EXPORT_MODULES for name in names}


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


class AssignedValues(cst.CSTVisitor):
    """Maps each Name bound by a plain ``name = value`` statement to its value.

    LibCST's ScopeProvider records which node binds a name but not the value bound; one cheap pass over
    Assign nodes gives it, for the "is this name provably a list" proofs below.
    """

    def __init__(self) -> None:
        self.values: Dict[cst.Name, cst.BaseExpression] = {}

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self.values[node.targets[0].target] = node.value


def assigned_values(module: cst.Module) -> Dict[cst.Name, cst.BaseExpression]:
    visitor = AssignedValues()
    module.visit(visitor)
    return visitor.values


def proven_sequence(
    node: cst.BaseExpression,
    scopes: Mapping[cst.CSTNode, Any],
    values: Mapping[cst.Name, cst.BaseExpression],
    _seen: Optional[Set[int]] = None,
) -> bool:
    """Whether ``node`` provably evaluates to a list or tuple (or an iterable display, for splatting).

    A display or comprehension is; so is ``a + b`` of two such; so is a bare name every binding of which,
    as seen from the use (LibCST scope analysis, which also accounts for ``global``/``nonlocal``), is a
    plain ``name = <proven sequence>``: no augmented, unpacking, loop, parameter or import binding.
    """
    if isinstance(node, ITERABLE_DISPLAYS):
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return proven_sequence(node.left, scopes, values, _seen) and proven_sequence(
            node.right, scopes, values, _seen
        )
    if isinstance(node, cst.Name):
        seen = set() if _seen is None else _seen
        if id(node) in seen:
            # `cols = cols + [x]`: the recursion came back to itself; not proven this way.
            return False
        seen.add(id(node))
        bound = bound_values(node, scopes, values)
        return bound is not None and all(proven_sequence(v, scopes, values, seen) for v in bound)
    return False


# -- spelling SQLAlchemy names in the module's own style ------------------------------------------------

class SqlaImportStyle:
    """How a module refers to SQLAlchemy, so that added names follow its style.

    ``import sqlalchemy as sa`` → ``sa.text``; ``import sqlalchemy`` → ``sqlalchemy.text``; otherwise
    ``from sqlalchemy import text`` (scheduled through AddImportsVisitor), or, when the bare name is already
    bound to something else at module level (``import inspect``), ``sqlalchemy.text`` with ``import
    sqlalchemy`` added.
    """

    def __init__(self, module: cst.Module, scopes) -> None:
        self.alias: Optional[str] = None
        self.global_scope: Optional[GlobalScope] = None
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
        for scope in scopes.values():
            if isinstance(scope, GlobalScope):
                self.global_scope = scope
                break

    def name_is_taken(self, name: str, qualified: str) -> bool:
        """Whether ``name`` is bound at module level to something other than ``qualified``."""
        if self.global_scope is None or name not in self.global_scope:
            return False
        for a in self.global_scope.assignments[name]:
            names = {q.name for q in self.global_scope.get_qualified_names_for(a.name)}
            if not any(q in sqla_qualified_names(name) or q == qualified for q in names):
                return True
        return False

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


def dotted_name(node: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        inner = dotted_name(node.value)
        return f"{inner}.{node.attr.value}" if inner else None
    return None


def bound_values(
    node: cst.Name,
    scopes: Mapping[cst.CSTNode, Any],
    values: Mapping[cst.Name, cst.BaseExpression],
) -> Optional[List[cst.BaseExpression]]:
    """The value of every binding of ``node`` visible from its use, when each one is a plain ``name = value``
    statement; None when any binding is of another kind (loop target, parameter, import, augmented,
    annotated or unpacking assignment) or the name is unbound, since then its value is unknown."""
    scope = scopes.get(node)
    if scope is None:
        return None
    bindings = list(scope[node.value])
    if not bindings:
        return None
    found: List[cst.BaseExpression] = []
    for binding in bindings:
        if not isinstance(binding, Assignment) or not isinstance(binding.node, cst.Name):
            return None
        value = values.get(binding.node)
        if value is None:
            return None
        found.append(value)
    return found
