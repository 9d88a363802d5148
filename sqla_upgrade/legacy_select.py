"""The legacy `select()` argument map, shared by select-legacy, standalone-subquery, exists-legacy-args,
table-select-args and compound-select-kwargs.

SQLAlchemy 1.4 decides per call whether `select()` uses the 1.x calling style (`Select._create`): it does
when the first positional argument is a list or another plain iterable (not a string, not a SQL element,
not an ORM entity) or when any keyword is present. It then runs `Select.create_legacy_select(columns,
whereclause, from_obj, distinct, having, correlate, prefixes, suffixes, **kw)`, `kw` being `use_labels`,
`limit`, `offset`, `order_by`, `group_by` and `bind` (1.3 also took `for_update` and `autocommit`).
`FromClause.select(whereclause, **kw)`, `Exists.select(whereclause, **kw)`, `exists(*args, **kw)` and the
standalone `subquery(name, *args, **kw)` forward to it; `union()` & co. take the keywords only. 2.0 keeps
just the columns and wants a generative method per argument. What 1.4 did with each argument
(`sqlalchemy/sql/selectable.py` at rel_1_4_54) decides the method:

* `columns`: iterated (`for c in columns`) → the elements as arguments, `*name` for a name proven to hold a
  list/tuple, `*(genexp)`, `cols + [x]` → `*cols, x` when `cols` is proven a list/tuple too (an ARRAY
  column plus a list is one column). `t.c` is kept as is: 2.0's `select(t.c)` selects the
  same columns.
* `whereclause`, `having`: skipped when None. 2.0 renders `.where(None)` as `WHERE NULL` (no rows), so a
  name that may hold None is reported and one whose value is unknown here (a parameter, `self.x`, the
  result of a call of the user's) makes the rewrite an unsafe fix. Literal None is dropped.
* `from_obj`, `order_by`, `group_by`: `util.to_list(x)` (a single element or a list), skipped when None →
  `.select_from(*elts)` for a display, `.select_from(x)` for a single element. A bare name is read through
  its visible assignments (:meth:`LegacySelectCodemod.shapes`): lists and None → `.select_from(*(x or ()))`;
  one element and None → `.order_by(x)` (`.order_by(None)`/`.group_by(None)` add nothing to a new
  statement; `.select_from(None)` raises, so that is reported); a list on one path and one element on
  another is reported (no one form is right for both). Of unknown value, guessing "single" fails loudly if
  it is a list (ArgumentError), so it is an unsafe fix.
* `distinct`: True → `.distinct()`, False → nothing, a list → `.distinct(*cols)` (`[]` → `.distinct()`),
  `None` raised TypeError. A variable may be a flag or columns, and `.distinct(flag)` silently renders
  DISTINCT ON on PostgreSQL: reported.
* `correlate`: True (default) → nothing, False/None → `.correlate(None)`, a variable → reported.
* `prefixes`, `suffixes`: iterated → `.prefix_with(*elts)`. A string was split into characters: reported.
  A variable → `.prefix_with(*x)` (unsafe fix unless proven a list: `*None` fails where 1.4 skipped).
* `use_labels`: truthy → `.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)`; a variable is reported. Not
  on a union & co.: 1.4 left a compound's SQL and result keys unlabelled (it only renamed `.subquery().c`),
  while 2.0's `CompoundSelect.set_label_style()` labels the first SELECT (result keys `table_col`): reported.
* `limit`, `offset`: skipped when None, which is also what `.limit(None)` does → `.limit(x)`.
* `for_update` (1.3): True / "nowait" / "read" / "read_nowait" → `.with_for_update()` with
  `nowait=True` / `read=True` / both.
* `bind`, `autocommit` (1.3), `**kw`, `*args`, unknown or repeated arguments: reported, the call is left
  alone (nothing is guessed; the statement must then be executed on a Connection by hand).

The emitted order is `select_from, where, group_by, having, order_by, limit, offset, distinct, correlate,
set_label_style, prefix_with, suffix_with, with_for_update`; each method fills its own slot of the
statement, so the order is cosmetic (the legacy call and the chain render the same SQL on 1.4).

Layout: a single-line call becomes a single-line chain; a multi-line call a parenthesised chain, one method
per line. Methods the original call was followed by (`select([...],\n w).correlate(x).label("n")`) become
the chain's last links, in the chain's one pair of parentheses (which replace the author's own around the
whole expression) rather than `(...).correlate(x)`; one with multi-line arguments keeps its place. A
comment that followed an argument follows the method it became; a multi-line column list keeps its lines
and comments, moved to the new column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from typing import Collection, Dict, List, Optional, Sequence, Tuple

import libcst as cst
from libcst.metadata import PositionProvider

from sqla_upgrade.chain import (
    Step,
    build_chain,
    comments_in_whitespace,
    comments_within,
    display_args,
    is_multiline,
    plain_args,
    shift_chain,
    shift_lines,
    starts_hanging,
)
from sqla_upgrade.codemod import SqlaCodemod
from sqla_upgrade.matchers import (
    ITERABLE_DISPLAYS,
    SEQUENCE_BUILTINS,
    SEQUENCE_DISPLAYS,
    bound_bindings,
    builtin_call,
    is_literal,
    is_sqla_callee,
    name_none_verdict,
    sqla_name_of,
)
from sqla_upgrade.kinds import Kind
from sqla_upgrade.scopes import BindingKind

#: ``create_legacy_select`` parameters, in positional order.
SELECT_PARAMS = ("columns", "whereclause", "from_obj", "distinct", "having", "correlate", "prefixes", "suffixes")
#: keywords ``GenerativeSelect.__init__`` took (1.4), plus 1.3's ``for_update``/``autocommit``.
GENERATIVE_KEYWORDS = ("use_labels", "limit", "offset", "order_by", "group_by", "bind", "for_update", "autocommit")
#: ``FromClause.select(whereclause=None, **kw)`` / ``Exists.select(...)``: everything but the columns.
FROMCLAUSE_SELECT_KEYWORDS = SELECT_PARAMS[1:] + GENERATIVE_KEYWORDS
#: ``CompoundSelect.__init__(keyword, *selects, **kw)`` popped ``correlate`` and passed the rest on.
COMPOUND_KEYWORDS = ("correlate",) + GENERATIVE_KEYWORDS

CHAIN_ORDER = (
    "select_from",
    "where",
    "group_by",
    "having",
    "order_by",
    "limit",
    "offset",
    "distinct",
    "correlate",
    "set_label_style",
    "prefix_with",
    "suffix_with",
    "with_for_update",
)

_FOR_UPDATE = {
    "nowait": (("nowait", "True"),),
    "read": (("read", "True"),),
    "read_nowait": (("read", "True"), ("nowait", "True")),
}

# Methods of SQL elements that return one SQL element (so `order_by=t.c.x.desc()` is a single expression).
_ELEMENT_METHODS = {
    "alias", "any", "asc", "between", "bool_op", "cast", "collate", "concat", "contains", "cte", "desc",
    "distinct", "endswith", "exists", "filter", "has", "icontains", "iendswith", "ilike", "in_", "is_",
    "is_distinct_from", "is_not", "isnot", "isnot_distinct_from", "istartswith", "join", "label", "lateral",
    "like", "match", "not_ilike", "not_in", "not_like", "notilike", "notin_", "notlike", "nulls_first",
    "nulls_last", "nullsfirst", "nullslast", "op", "outerjoin", "over", "regexp_match", "scalar_subquery",
    "startswith", "subquery", "table_valued", "within_group",
}

# Exists methods that return an Exists (2.0 keeps them: `exists(c).where(w)` needs no select()).
_EXISTS_METHODS = ("where", "select_from", "correlate", "correlate_except")

_NO_SPACE = cst.SimpleWhitespace("")
_TIGHT_EQUAL = cst.AssignEqual(whitespace_before=_NO_SPACE, whitespace_after=_NO_SPACE)
_STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


def code_of(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


@dataclass
class Issue:
    node: cst.CSTNode
    message: str
    code: Optional[str] = None


@dataclass
class Link:
    """A chain link made from the argument at ``index`` of the call."""

    method: str
    index: int
    # "value": `.m(v)`; "elements": a display's elements; "star": `.m(*v)`; "fixed": `.m(*fixed)`;
    # "star_or_empty": `.m(*(v or ()))`, for a name that holds a list or None
    form: str = "value"
    fixed: Tuple[cst.Arg, ...] = ()


@dataclass
class Columns:
    """How the column argument (at ``index``) becomes the base call's arguments."""

    index: int
    # "elements": a display's elements; "star": `*v`; "parts": `cols + [x]` → `*cols, x`; "value": as is
    form: str


@dataclass
class Plan:
    label: str
    columns: Optional[Columns] = None
    links: List[Link] = field(default_factory=list)
    dropped: List[int] = field(default_factory=list)
    blockers: List[Issue] = field(default_factory=list)  # reported; no rewrite
    unsafe: List[str] = field(default_factory=list)  # the rewrite is an unsafe fix, for these reasons


def bind_arguments(
    call: cst.Call,
    positional: Sequence[str],
    keywords: Collection[str],
    label: str,
    rest: Optional[List[int]] = None,
) -> Tuple[Dict[str, int], List[Issue]]:
    """Map ``call``'s arguments to parameter names as the 1.4 signature would (name → index in args).

    With ``rest`` (a ``*selects`` signature), the positional arguments past ``positional``, ``*x`` included,
    are collected there instead of being reported."""
    params: Dict[str, int] = {}
    issues: List[Issue] = []
    n_pos = 0
    for i, arg in enumerate(call.args):
        if rest is not None and arg.keyword is None and arg.star != "**" and (arg.star or n_pos >= len(positional)):
            rest.append(i)
            continue
        if arg.star:
            issues.append(
                Issue(
                    arg,
                    f"{label} takes no `{arg.star}{code_of(arg.value)}` in 2.0: apply what it holds with "
                    ".where()/.order_by()/.limit()/... by hand",
                )
            )
            continue
        if arg.keyword is None:
            if n_pos >= len(positional):
                issues.append(Issue(arg, f"too many positional arguments for {label}"))
                continue
            name = positional[n_pos]
            n_pos += 1
        else:
            name = arg.keyword.value
            if name not in keywords and name not in positional:
                issues.append(
                    Issue(arg, f"{label} has no `{name}=` argument: apply it with a generative method by hand")
                )
                continue
        if name in params:
            issues.append(Issue(arg, f"{label} got `{name}` twice"))
            continue
        params[name] = i
    return params, issues


def _falsy(node: cst.BaseExpression) -> bool:
    if is_literal(node, "None") or is_literal(node, "False"):
        return True
    return isinstance(node, SEQUENCE_DISPLAYS) and not node.elements


def _string_value(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


_SEQUENCE_ANNOTATIONS = {"list", "List", "tuple", "Tuple", "Sequence", "Iterable", "Collection", "MutableSequence"}


def _sequence_annotation(node: cst.BaseExpression) -> bool:
    """``List[Column]``, ``Sequence[...]``, ``tuple``, ``"list"``: an annotation that says "a list"."""
    if isinstance(node, cst.Subscript):
        node = node.value
    if isinstance(node, cst.SimpleString):
        return node.value.strip("'\"").split("[")[0].split(".")[-1] in _SEQUENCE_ANNOTATIONS
    if isinstance(node, cst.Attribute):
        return node.attr.value in _SEQUENCE_ANNOTATIONS
    return isinstance(node, cst.Name) and node.value in _SEQUENCE_ANNOTATIONS


def _is_c_collection(node: cst.BaseExpression) -> bool:
    """``X.c`` / ``X.columns``: a ColumnCollection (iterable in 1.4's legacy mode, a column source in 2.0)."""
    return isinstance(node, cst.Attribute) and node.attr.value in ("c", "columns")


def sequence_parts(node: cst.BaseExpression, proven) -> Optional[List[Tuple[str, cst.BaseExpression]]]:
    """``cols + [x]`` as ``[("star", cols), ("elements", [x])]`` when the ``+`` is certainly a list
    concatenation: every side is a display, a comprehension, such a concatenation itself, or ``proven`` (a
    sequence); else None. A display on one side proves nothing about the other: `arr.c.ints + [4, 5]` (a
    PostgreSQL ARRAY column plus a list) is one column expression."""
    if not (isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)) or node.lpar:
        return None
    parts: List[Tuple[str, cst.BaseExpression]] = []
    for side in (node.left, node.right):
        inner = sequence_parts(side, proven)
        if inner is not None:
            parts += inner
        elif isinstance(side, SEQUENCE_DISPLAYS) and not side.lpar or isinstance(side, cst.List):
            parts.append(("elements", side))
        elif isinstance(side, ITERABLE_DISPLAYS) or proven(side):
            parts.append(("star", side))
        else:
            return None
    return parts


def display_concatenation(node: cst.BaseExpression) -> bool:
    """``x + [y]`` (a display on one side): a list concatenation if ``x`` is a list, a column expression if
    ``x`` is an ARRAY column, so never a proof either way."""
    return (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, cst.Add)
        and any(isinstance(s, ITERABLE_DISPLAYS) or display_concatenation(s) for s in (node.left, node.right))
    )


class LegacySelectCodemod(SqlaCodemod):
    """Base of the codemods that turn legacy select arguments into a chain: the argument map
    (:meth:`plan_columns`, :meth:`plan_arguments`), then the rewrite and its layout (:meth:`build`)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lines: Optional[List[str]] = None
        self._imports_sqla: Optional[bool] = None
        # multi-line chains this codemod built: id → (the chain, line the original call started on, that
        # line's indentation). Their lines hang from that line, so when an enclosing rewrite moves that line
        # they move with it. Holding the chain keeps its id from being reused by another node.
        self._chains: Dict[int, Tuple[cst.CSTNode, int, int]] = {}

    # -- facts about original nodes -----------------------------------------------------------------------

    def none_verdict(self, node: cst.BaseExpression) -> str:
        """Whether a whereclause/having value may be None: ``maybe`` (a visible binding is None or defaults
        to None), ``unknown`` (its value is not known here) or ``no``."""
        if isinstance(node, cst.IfExp):
            if is_literal(node.body, "None") or is_literal(node.orelse, "None"):
                return "maybe"
            verdicts = {self.none_verdict(node.body), self.none_verdict(node.orelse)}
            return "unknown" if "unknown" in verdicts else ("maybe" if "maybe" in verdicts else "no")
        if isinstance(node, cst.Name):
            return self._name_none_verdict(node)
        if isinstance(node, (cst.Attribute, cst.Subscript)):
            return "no" if self._column_like(node) else "unknown"
        if isinstance(node, cst.Call):
            sequence = builtin_call(node, self.state.names, *SEQUENCE_BUILTINS)  # type: ignore[arg-type]
            return "no" if sequence or self._element_call(node) else "unknown"
        # comparisons, boolean operators, `~x`, literals: SQL expressions or errors in both versions
        return "no"

    def _name_none_verdict(self, node: cst.Name) -> str:
        def value_verdict(value: cst.BaseExpression) -> str:
            if is_literal(value, "None"):
                return "maybe"
            return "unknown" if isinstance(value, cst.Name) else self.none_verdict(value)

        return name_none_verdict(node, self.state.names, value_verdict)  # type: ignore[arg-type]

    def _element_call(self, node: cst.Call) -> bool:
        """A call that returns one SQL element: one of SQLAlchemy's (`desc()`, `func.x()`, `and_()`, ...)
        or an element method (`.desc()`, `.label()`, `.join()`, ...)."""
        if any(q.startswith("sqlalchemy.") for q in self.qualified_names(node.func)):
            return True
        return isinstance(node.func, cst.Attribute) and node.func.attr.value in _ELEMENT_METHODS

    def _column_like(self, node: cst.BaseExpression) -> bool:
        """``t.c.x`` / ``t.c["x"]`` / ``Model.attr`` (a class's attribute): one column, never a list."""
        if isinstance(node, cst.Subscript):
            return _is_c_collection(node.value)
        if isinstance(node, cst.Attribute):
            if _is_c_collection(node.value):
                return True
            base = node.value
            return (
                isinstance(base, cst.Name)
                and base.value[:1].isupper()
                and not base.value.isupper()
                and node.attr.value[:1].islower()
            )
        return False

    def single_element(self, node: cst.BaseExpression, fromclause: bool = False) -> bool:
        """Whether ``node`` is certainly one element (not a list) of an order_by/group_by/from_obj value."""
        if isinstance(node, _STRINGS + (cst.Integer, cst.Comparison, cst.UnaryOperation, cst.BooleanOperation)):
            return True
        if isinstance(node, cst.BinaryOperation):
            return not isinstance(node.operator, cst.Add)
        if isinstance(node, cst.Call):
            return self._element_call(node) or (fromclause and self.proven_fromclause(node))
        if isinstance(node, (cst.Attribute, cst.Subscript)):
            return self._column_like(node) or (fromclause and self.proven_fromclause(node))
        if isinstance(node, cst.Name) and fromclause:
            return self.proven_fromclause(node)
        return False

    def shapes(self, node: cst.BaseExpression, fromclause: bool = False, _seen: Optional[set] = None) -> set:
        """What ``node`` (an original node) may hold, as far as the visible assignments tell: a subset of
        ``seq`` (a proven list/tuple), ``none`` (None), ``single`` (one SQL element; with ``fromclause``,
        one FROM) and ``unknown``. A name's bindings are read in their scopes; a parameter is ``unknown``,
        and also ``none`` when it defaults to None."""
        if is_literal(node, "None"):
            return {"none"}
        if self.proven_sequence(node):
            return {"seq"}
        if isinstance(node, cst.IfExp):
            return self.shapes(node.body, fromclause, _seen) | self.shapes(node.orelse, fromclause, _seen)
        if isinstance(node, cst.Name):
            if fromclause and self.proven_fromclause(node):
                return {"single"}
            seen = set() if _seen is None else _seen
            found = self.state.names.lookup(node.value)  # type: ignore[union-attr]
            if found is None or id(node) in seen:
                return {"unknown"}
            seen.add(id(node))
            out: set = set()
            for b in found[1]:
                if b.kind == BindingKind.PARAM:
                    out.add("unknown")
                    if b.value is not None and is_literal(b.value, "None"):
                        out.add("none")
                elif b.kind == BindingKind.ASSIGN and b.value is not None:
                    with self.state.names.within(b.scope):  # type: ignore[union-attr]
                        out |= self.shapes(b.value, fromclause, seen)
                else:
                    out.add("unknown")
            return out
        return {"single"} if self.single_element(node, fromclause=fromclause) else {"unknown"}

    def _list_parameter(self, node: cst.BaseExpression) -> bool:
        """A name bound only to parameters annotated as a list (`cols: List[Column]`): the author said so."""
        if not isinstance(node, cst.Name):
            return False
        found = self.state.names.lookup(node.value)  # type: ignore[union-attr]
        return found is not None and all(
            b.kind == BindingKind.PARAM and b.annotation is not None and _sequence_annotation(b.annotation)
            for b in found[1]
        )

    def column_source(self, node: cst.BaseExpression) -> bool:
        """Whether ``node`` (an original node) is, as far as can be told, one column source (a table, an
        entity, a column): what 2.0's `select(x)` takes. A name imported, defined as a class or function,
        unbound here (a builtin, a star import), a loop target, or bound only to columns and SQLAlchemy
        objects is; a parameter (unless annotated as something else than a list) or a name assigned a
        value not known here (a call of the user's, an attribute) is not."""
        if isinstance(node, ITERABLE_DISPLAYS + (cst.Set, cst.SetComp)):
            return False
        kind = self.kind_of(node)
        if kind not in (Kind.UNKNOWN, Kind.FOREIGN) or self._column_like(node):
            return True
        if kind == Kind.FOREIGN and not isinstance(node, cst.Name):
            return True  # a literal, another library's object
        if isinstance(node, cst.Call):
            return self._element_call(node)
        if isinstance(node, cst.BinaryOperation):
            return not isinstance(node.operator, cst.Add) or any(
                self.column_source(side) and not isinstance(side, ITERABLE_DISPLAYS)
                for side in (node.left, node.right)
            )
        if not isinstance(node, cst.Name):
            return False
        found = self.state.names.lookup(node.value)  # type: ignore[union-attr]
        if found is None:
            return True
        for b in found[1]:
            # a loop or `with` target, or an unpacked name, is most often a table or entity
            # (`for t in metadata.sorted_tables: select(t)`): nothing says "list" there
            if b.kind in (
                BindingKind.IMPORT, BindingKind.CLASS, BindingKind.DEF, BindingKind.FOR, BindingKind.WITH,
                BindingKind.UNPACK,
            ):
                continue
            if b.kind == BindingKind.PARAM:
                if b.annotation is not None and not _sequence_annotation(b.annotation):
                    continue  # declared as something else than a list: the author said what it is
                return False
            if b.kind != BindingKind.ASSIGN or b.value is None:
                return False
            with self.state.names.within(b.scope):  # type: ignore[union-attr]
                if not self.column_source(b.value):
                    return False
        return True

    def condition_like(self, node: cst.BaseExpression) -> bool:
        """Whether ``node`` reads as a WHERE condition rather than a column source (for `select(t.c, w)`)."""
        if isinstance(node, (cst.Comparison, cst.BooleanOperation)) or is_literal(node, "None"):
            return True
        if isinstance(node, cst.UnaryOperation):
            return isinstance(node.operator, (cst.Not, cst.BitInvert))
        if isinstance(node, cst.Call):
            names = self.qualified_names(node.func)
            return sqla_name_of(names, "and_", "or_", "not_", "exists", "text", "true", "false") is not None
        return False

    def maybe_sequence(self, node: cst.BaseExpression) -> bool:
        """Whether some visible assignment of the name ``node`` is a list/tuple (without a proof that every
        one is): `select(cols)` is then reported rather than left alone."""
        if not isinstance(node, cst.Name):
            return False
        found = self.state.names.lookup(node.value)  # type: ignore[union-attr]
        if found is None:
            return False
        for b in found[1]:
            value = b.value if b.kind == BindingKind.ASSIGN else None
            if value is not None and (
                isinstance(value, ITERABLE_DISPLAYS) or display_concatenation(value)
            ):
                return True
        return False

    def proven_exists(self, node: cst.BaseExpression, _seen: Optional[set] = None) -> bool:
        """Whether ``node`` (an original node) is provably an Exists: SQLAlchemy's ``exists(...)``, one of
        the Exists methods that return an Exists on one, or a name every assignment of which is one."""
        if isinstance(node, cst.Call):
            if is_sqla_callee(self.qualified_names(node.func), "exists"):
                return True
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value in _EXISTS_METHODS:
                return self.proven_exists(func.value, _seen)
            return False
        if isinstance(node, cst.Name):
            seen = set() if _seen is None else _seen
            if id(node) in seen:
                return False
            seen.add(id(node))
            bindings = bound_bindings(node, self.state.names)  # type: ignore[arg-type]
            if not bindings:
                return False
            for b in bindings:
                with self.state.names.within(b.scope):  # type: ignore[union-attr]
                    if not self.proven_exists(b.value, seen):
                        return False
            return True
        return False

    def module_imports_sqlalchemy(self) -> bool:
        """Whether the module imports sqlalchemy (or a submodule) at its top level."""
        if self._imports_sqla is None:
            self._imports_sqla = False
            for stmt in self.context.wrapper.module.body:  # type: ignore[union-attr]
                if not isinstance(stmt, cst.SimpleStatementLine):
                    continue
                for small in stmt.body:
                    if isinstance(small, cst.Import):
                        modules = [code_of(alias.name) for alias in small.names]
                    elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
                        modules = [code_of(small.module)]
                    else:
                        continue
                    if any(m == "sqlalchemy" or m.startswith("sqlalchemy.") for m in modules):
                        self._imports_sqla = True
        return self._imports_sqla

    # -- the argument map ---------------------------------------------------------------------------------

    def plan_columns(self, plan: Plan, call: cst.Call, index: int, *, certain: bool) -> bool:
        """Decide how the column argument at ``index`` becomes arguments. ``certain``: the call is known to
        use the 1.x style whatever the argument is (keywords are present, or it is `subquery()`). Returns
        False when the argument does not make the call a legacy one (a 2.0-style `select(x, ...)`)."""
        arg = call.args[index]
        value = arg.value
        if is_literal(value, "None") and certain:
            plan.dropped.append(index)  # 1.4 selected no columns (`bool(None)` is false)
        elif isinstance(value, SEQUENCE_DISPLAYS):
            plan.columns = Columns(index, "elements")
        elif isinstance(value, (cst.ListComp, cst.GeneratorExp)):
            plan.columns = Columns(index, "star")
        elif isinstance(value, (cst.Set, cst.SetComp)):
            plan.blockers.append(
                Issue(arg, f"{plan.label}: the columns are a set, whose order is arbitrary: list them in order")
            )
            plan.columns = Columns(index, "value")
        elif sequence_parts(value, self.proven_sequence) is not None:
            plan.columns = Columns(index, "parts")
        elif self.proven_sequence(value):
            plan.columns = Columns(index, "star")
        elif _is_c_collection(value):
            following = call.args[index + 1].value if index + 1 < len(call.args) else None
            if not certain and (following is None or not self.condition_like(following)):
                # `select(t.c)` is the same SELECT in 1.4 and 2.0; `select(t.c, u.c)` is 2.0 style
                return False
            plan.columns = Columns(index, "value")
        elif not certain:
            if self.maybe_sequence(value):
                plan.blockers.append(
                    Issue(
                        arg,
                        f"{plan.label}: `{code_of(value)}` may be a list of columns (1.x style, "
                        f"write select(*{code_of(value)})) or one column/table (2.0 style): check by hand",
                    )
                )
                plan.columns = Columns(index, "value")
                return True
            following = call.args[index + 1].value if index + 1 < len(call.args) else None
            # 2.0's select() takes column sources, so only a WHERE-like second argument says 1.x style. Without
            # one, `select(x)` / `select(x, y)` with `x` unproven reads the same in both styles, and is what the
            # tool itself writes for `select([x])`: rewriting it (even as an unsafe fix) would turn a table
            # into `*table` and a second column into a WHERE, and a second run would change the first run's
            # output. A parameter there is reported, without a fix; anything else is taken as 2.0 style.
            legacy_where = following is not None and self.condition_like(following)
            if not legacy_where and not self._list_parameter(value):
                # Left alone, unreported: it is also what 2.0 code writes (`def get(model): return
                # select(model)`), so a finding would stay on migrated code forever (and fail a pre-commit
                # hook on every run).
                return False
            if self.column_source(value):
                return False
            if display_concatenation(value) and sequence_parts(value, lambda _: True) is not None:
                plan.columns = Columns(index, "parts")
            else:
                plan.columns = Columns(index, "star")
            if plan.columns.form == "star":
                plan.unsafe.append(
                    f"{plan.label}: `{code_of(value)}` is not proven to be a list of columns (1.x style, which "
                    f"2.0 takes as select(*{code_of(value)})); if it is one table, entity or column (2.0 style), "
                    "leave the call as it is"
                )
            else:
                plan.unsafe.append(
                    f"{plan.label}: `{code_of(value)}` is a list of columns (1.x style, which 2.0 takes one by "
                    "one) only if the sum is a list concatenation; if it is an ARRAY column plus a list (one "
                    "column, 2.0 style), leave the call as it is"
                )
        elif display_concatenation(value) and sequence_parts(value, lambda _: True) is not None:
            plan.columns = Columns(index, "parts")
            plan.unsafe.append(
                f"{plan.label} in the 1.x calling style took a list of columns, so `{code_of(value)}` is split "
                "into them; wrong if the other side of `+` is an ARRAY column (then it is one column)"
            )
        elif isinstance(value, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)) and not self.single_element(
            value
        ):
            plan.columns = Columns(index, "star")
            plan.unsafe.append(
                f"{plan.label} in the 1.x calling style took a list of columns, so `{code_of(value)}` is "
                f"splatted (select(*{code_of(value)})); wrong if it can be None"
            )
        else:
            plan.blockers.append(
                Issue(
                    arg,
                    f"{plan.label} in the 1.x calling style needs a list of columns (1.4 raised ArgumentError "
                    f"for `{code_of(value)}`): write select(...) with generative methods by hand",
                    code="c9ae",
                )
            )
            plan.columns = Columns(index, "value")
        return True

    def plan_arguments(
        self, plan: Plan, call: cst.Call, params: Dict[str, int], *, compound: bool = False
    ) -> None:
        """Fill ``plan`` with a link (or a drop, or an issue) for every argument but the columns."""
        args = call.args
        label = plan.label

        def link(method: str, name: str, form: str = "value", fixed: Sequence[cst.Arg] = ()) -> None:
            plan.links.append(Link(method, params[name], form, tuple(fixed)))

        for name in ("whereclause", "having"):
            if name not in params:
                continue
            v = args[params[name]].value
            if is_literal(v, "None"):
                plan.dropped.append(params[name])
                continue
            method = "where" if name == "whereclause" else "having"
            verdict = self.none_verdict(v)
            if verdict == "maybe":
                plan.blockers.append(
                    Issue(
                        args[params[name]],
                        f"`{code_of(v)}` may be None, which 1.x ignored: add .{method}() only when it is not "
                        f"None (2.0 renders .{method}(None) as {method.upper()} NULL)",
                    )
                )
            elif verdict == "unknown":
                plan.unsafe.append(
                    f"{label}: if `{code_of(v)}` can be None, 1.x emitted no {method.upper()} but "
                    f".{method}(None) renders {method.upper()} NULL"
                )
            link(method, name)

        for name, method in (("from_obj", "select_from"), ("order_by", "order_by"), ("group_by", "group_by")):
            if name in params:
                self._plan_one_or_many(plan, call, params[name], name, method)

        if "distinct" in params:
            i = params["distinct"]
            v = args[i].value
            if is_literal(v, "True") or (isinstance(v, SEQUENCE_DISPLAYS) and not v.elements):
                link("distinct", "distinct", "fixed")
            elif is_literal(v, "False"):
                plan.dropped.append(i)
            elif isinstance(v, SEQUENCE_DISPLAYS):
                link("distinct", "distinct", "elements")
            elif isinstance(v, (cst.ListComp, cst.GeneratorExp)) or self.proven_sequence(v):
                link("distinct", "distinct", "star")
            elif not isinstance(v, cst.Name) and self.single_element(v):
                link("distinct", "distinct")
            elif is_literal(v, "None"):
                plan.blockers.append(
                    Issue(args[i], f"{label}: distinct=None raised TypeError in 1.x: remove it (or use True/False)")
                )
            else:
                plan.blockers.append(
                    Issue(
                        args[i],
                        f"{label}: `distinct={code_of(v)}` may be a flag or columns: call .distinct() when it "
                        "is true, .distinct(*cols) for columns (PostgreSQL DISTINCT ON)",
                    )
                )

        if "correlate" in params:
            i = params["correlate"]
            v = args[i].value
            if compound or is_literal(v, "True"):
                # CompoundSelect stored `correlate` and never read it.
                plan.dropped.append(i)
            elif is_literal(v, "False") or is_literal(v, "None"):
                link("correlate", "correlate", "fixed", [cst.Arg(cst.Name("None"))])
            else:
                plan.blockers.append(
                    Issue(args[i], f"{label}: call .correlate(None) when `correlate={code_of(v)}` is false")
                )

        for name, method in (("prefixes", "prefix_with"), ("suffixes", "suffix_with")):
            if name not in params:
                continue
            i = params[name]
            v = args[i].value
            if _falsy(v):
                plan.dropped.append(i)
            elif isinstance(v, _STRINGS):
                plan.blockers.append(
                    Issue(
                        args[i],
                        f"{name}= takes a list: 1.x iterated this string character by character; write "
                        f".{method}(...) with what was meant",
                    )
                )
            elif isinstance(v, SEQUENCE_DISPLAYS):
                link(method, name, "elements")
            elif isinstance(v, (cst.ListComp, cst.GeneratorExp)) or self.proven_sequence(v):
                link(method, name, "star")
            elif self.shapes(v) <= {"seq", "none"}:
                link(method, name, "star_or_empty")  # a list on some paths, None on others
            else:
                link(method, name, "star")
                plan.unsafe.append(
                    f"{name}={code_of(v)} → .{method}(*{code_of(v)}): wrong if it can be None (1.x "
                    "skipped it)"
                )

        if "use_labels" in params:
            i = params["use_labels"]
            v = args[i].value
            if compound and not _falsy(v):
                # 1.4 kept the SQL and the result keys of a compound unlabelled (only `.subquery().c` was
                # renamed); 2.0's CompoundSelect.set_label_style() labels the first SELECT's columns.
                plan.blockers.append(
                    Issue(
                        args[i],
                        f"{label}: use_labels= is removed; 1.x did not label the compound's SQL or result "
                        "keys (only its .subquery() columns), while .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL) "
                        "labels them: drop it, or label the SELECTs, by hand",
                    )
                )
            elif is_literal(v, "True"):
                link("set_label_style", "use_labels", "fixed")  # its argument is added by build()
            elif _falsy(v):
                plan.dropped.append(i)
            else:
                plan.blockers.append(
                    Issue(
                        args[i],
                        f"{label}: call .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL) when "
                        f"`use_labels={code_of(v)}` is true",
                    )
                )

        for name in ("limit", "offset"):
            if name in params:
                if is_literal(args[params[name]].value, "None"):
                    plan.dropped.append(params[name])
                else:
                    link(name, name)  # `.limit(None)` is no LIMIT, as 1.x's skipped None

        if "for_update" in params:
            i = params["for_update"]
            v = args[i].value
            text = _string_value(v)
            if is_literal(v, "True"):
                link("with_for_update", "for_update", "fixed")
            elif _falsy(v):
                plan.dropped.append(i)
            elif text in _FOR_UPDATE:
                fixed = [
                    cst.Arg(cst.Name(val), keyword=cst.Name(kw), equal=_TIGHT_EQUAL) for kw, val in _FOR_UPDATE[text]
                ]
                link("with_for_update", "for_update", "fixed", fixed)
            else:
                plan.blockers.append(
                    Issue(args[i], f"{label}: for_update= (1.3) is removed: call .with_for_update(...) by hand")
                )

        if "bind" in params:
            i = params["bind"]
            if is_literal(args[i].value, "None"):
                plan.dropped.append(i)
            else:
                plan.blockers.append(
                    Issue(
                        args[i],
                        f"{label}: bind= is removed in 2.0: drop it and execute the statement with "
                        "conn.execute() / session.execute()",
                        code="b8d9",
                    )
                )

        if "autocommit" in params:
            i = params["autocommit"]
            if _falsy(args[i].value):
                plan.dropped.append(i)
            else:
                plan.blockers.append(
                    Issue(
                        args[i],
                        f"{label}: autocommit= (1.3) is removed: run the statement in a transaction that is "
                        "committed (engine.begin() / conn.commit())",
                    )
                )

    def _plan_one_or_many(self, plan: Plan, call: cst.Call, i: int, name: str, method: str) -> None:
        v = call.args[i].value
        if _falsy(v):
            plan.dropped.append(i)  # 1.x skipped None; `[]` added nothing
        elif isinstance(v, SEQUENCE_DISPLAYS):
            plan.links.append(Link(method, i, "elements"))
        elif isinstance(v, (cst.ListComp, cst.GeneratorExp)) or self.proven_sequence(v):
            plan.links.append(Link(method, i, "star"))
        else:
            # 1.x took one element or a list (`util.to_list`) and skipped None. `.order_by(None)` and
            # `.group_by(None)` add nothing to a new statement either; `.select_from(None)` raises.
            shapes = self.shapes(v, fromclause=name == "from_obj")
            none_ok = name != "from_obj"
            code = code_of(v)
            if shapes <= {"seq", "none"}:
                plan.links.append(Link(method, i, "star_or_empty"))
            elif shapes <= ({"single", "none"} if none_ok else {"single"}):
                plan.links.append(Link(method, i))
            elif "seq" in shapes and shapes & {"single", "unknown"}:
                plan.blockers.append(
                    Issue(
                        call.args[i],
                        f"{plan.label}: `{name}={code}` holds a list on some paths and may be one element on "
                        f"others: write .{method}(*{code}) where it is a list, .{method}({code}) where it is "
                        "one element",
                    )
                )
            elif "none" in shapes and not none_ok:
                plan.blockers.append(
                    Issue(
                        call.args[i],
                        f"{plan.label}: `{name}={code}` may be None, which 1.x skipped: call "
                        f".{method}({code}) (.{method}(*{code}) for a list) only when it is not None",
                    )
                )
            else:
                plan.links.append(Link(method, i))
                plan.unsafe.append(
                    f"{name}={code} → .{method}({code}): if it holds a list, write .{method}(*{code})"
                )

    # -- reporting ----------------------------------------------------------------------------------------

    def accept(self, plan: Plan, node: cst.CSTNode, extra_unsafe: Optional[str] = None) -> bool:
        """Report the plan's blockers (then False), or ask for an unsafe fix when it has unsafe parts."""
        if plan.blockers:
            for issue in plan.blockers:
                self.report(issue.node, issue.message, code=issue.code)
            return False
        reasons = ([extra_unsafe] if extra_unsafe else []) + plan.unsafe
        if reasons:
            return self.allow_unsafe(node, "; ".join(reasons))
        return True

    # -- building -----------------------------------------------------------------------------------------

    def column_args(self, plan: Plan, updated: cst.Call) -> Tuple[cst.BaseParenthesizableWhitespace, List[cst.Arg]]:
        """The base call's arguments made from the column argument (of the updated call) and the whitespace
        after its opening parenthesis."""
        if plan.columns is None:
            return _NO_SPACE, []
        value = updated.args[plan.columns.index].value
        form = plan.columns.form
        if form == "elements":
            opening, args, closing = display_args(value)
            if args:
                args[-1] = args[-1].with_changes(whitespace_after_arg=closing)
                return opening, args
            return _NO_SPACE, []
        if form == "parts":
            args = []
            for kind, part in _parts_of(value):
                if kind == "elements":
                    args += [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in display_args(part)[1]]
                else:
                    args.append(cst.Arg(value=part, star="*"))
            return _NO_SPACE, plain_args(args)
        if form == "star":
            if isinstance(value, cst.GeneratorExp) and not value.lpar:
                value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
            return _NO_SPACE, [cst.Arg(value=value, star="*")]
        return _NO_SPACE, [cst.Arg(value=value)]

    def build(
        self,
        original: cst.Call,
        updated: cst.Call,
        plan: Plan,
        base: cst.Call,
        *,
        kept: Sequence[int] = (),
        tail: Sequence[Tuple[Step, Optional[int]]] = (),
    ) -> cst.BaseExpression:
        """The rewritten expression: ``base`` (a call without parentheses: the columns, or the ``kept``
        arguments of the call, as arguments) followed by the plan's links and the ``tail`` steps (each with
        the index of the argument it was made from, whose comments follow it).

        ``original``/``updated`` are the legacy call before/after its children were visited: positions and
        layout decisions use ``original``, the arguments come from ``updated`` (a legacy select nested in
        them is already rewritten there)."""
        args = updated.args
        opening, trailing, leading = _argument_comments(updated)
        # Comments that describe the whole call: after `select(` (or its own parentheses), or above the
        # column list. A multi-line chain keeps them on its opening line.
        heading: List[cst.Comment] = []
        for lpar in updated.lpar:
            heading += comments_in_whitespace(lpar.whitespace_after)
        if not kept:
            heading += opening
        base_comments: List[cst.Comment] = []
        closing: List[cst.Comment] = []
        for rpar in updated.rpar:
            closing += comments_in_whitespace(rpar.whitespace_before)

        # Each argument's comments follow what it became (those above it stay above it); a dropped
        # argument's follow the argument before it.
        owners: Dict[int, List[cst.Comment]] = {i: base_comments for i in kept}
        if plan.columns is not None:
            heading += leading[plan.columns.index]
            base_comments += trailing[plan.columns.index]
            owners[plan.columns.index] = base_comments

        steps: List[Tuple[int, Step, Optional[cst.CSTNode]]] = []
        for link in plan.links:
            value = args[link.index].value
            comments = list(trailing[link.index])
            piece: Optional[cst.CSTNode] = None
            if link.method == "set_label_style":
                step_args: List[cst.Arg] = [cst.Arg(self.sqla_ref("LABEL_STYLE_TABLENAME_PLUS_COL"))]
                comments += comments_within(value)
            elif link.form == "fixed":
                step_args = list(link.fixed)
                comments += comments_within(value)
            elif link.form == "elements":
                comments += _display_comments(value)
                step_args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in display_args(value)[1]]
            elif link.form == "star_or_empty":
                # 1.x skipped None and added nothing for []: `*(v or ())` does both, and a list as is
                either = cst.BooleanOperation(
                    left=value,
                    operator=cst.Or(),
                    right=cst.Tuple([], lpar=[cst.LeftParen()], rpar=[cst.RightParen()]),
                    lpar=[cst.LeftParen()],
                    rpar=[cst.RightParen()],
                )
                step_args = [cst.Arg(value=either, star="*")]
            else:
                step_args = [cst.Arg(value=value, star="*" if link.form == "star" else "")]
                piece = original.args[link.index].value
            owners[link.index] = comments
            step = Step(link.method, step_args, comments, leading[link.index])
            steps.append((CHAIN_ORDER.index(link.method), step, piece))
        steps.sort(key=lambda s: s[0])
        tail_steps: List[Step] = []
        for step, source in tail:
            comments = list(step.comments)
            if source is not None:
                comments += leading[source] + trailing[source]
                owners[source] = comments
            tail_steps.append(Step(step.method, step.args, comments))
        for i in sorted(plan.dropped):
            before = [j for j in owners if j < i]
            target = owners[max(before)] if before else base_comments
            target += leading[i] + trailing[i] + comments_within(args[i].value)

        multiline = is_multiline(original)
        indent = self.context.wrapper.module.default_indent  # type: ignore[union-attr]
        if not (multiline and (steps or tail_steps)):
            base_comments[:0] = heading
        if not steps and not tail_steps:
            # Only dropped arguments: the base call stays where the original was.
            if (
                plan.columns is not None
                and plan.columns.index == 0
                and base.args
                and is_multiline(updated.whitespace_before_args)
                and not is_multiline(base.whitespace_before_args)
            ):
                # `select(\n    [a, b]\n)`: the columns keep the line the list was on
                # (one column to the left: the bracket is gone)
                final = args[-1]
                end = final.comma.whitespace_after if isinstance(final.comma, cst.Comma) else final.whitespace_after_arg
                moved = [shift_lines(a, -1) for a in base.args]
                moved[-1] = moved[-1].with_changes(whitespace_after_arg=_bare_break(end))  # type: ignore[attr-defined]
                base = base.with_changes(whitespace_before_args=_bare_break(updated.whitespace_before_args), args=moved)
            else:
                base = self._place_base(original, plan, base, kept, None)
            base = _with_trailing_comments(base, base_comments + closing, self._line_indent_of(original), indent)
            return base.with_changes(lpar=updated.lpar, rpar=updated.rpar)
        if multiline and not (heading or base_comments or closing):
            one_line = build_chain(base, [s for _, s, _ in steps] + tail_steps, multiline=False)
            one_line = one_line.with_changes(lpar=updated.lpar, rpar=updated.rpar)
            if self._fits_on_its_lines(original, one_line, [s for _, s, _ in steps] + tail_steps):
                return one_line
        if not multiline:
            result = build_chain(base, [s for _, s, _ in steps] + tail_steps, multiline=False)
            return result.with_changes(lpar=updated.lpar, rpar=updated.rpar)

        # One link per line, one indentation step past the line the original call started on.
        start = self._line_indent_of(original)
        line = start + len(indent)
        base = self._place_base(original, plan, base, kept, line)
        placed: List[Step] = []
        for _, step, piece in steps:
            if piece is not None and is_multiline(piece):
                star = 1 if step.args and step.args[0].star else 0
                delta = self._delta(piece, line + len(step.method) + 2 + star, line)
                overrides = self._moved_chains(step.args, self._position(piece).line, line)
                step = Step(
                    step.method,
                    [shift_lines(a, delta, overrides) for a in step.args],  # type: ignore[misc]
                    step.comments,
                )
            placed.append(step)
        placed += tail_steps
        result = build_chain(
            base, placed, multiline=True, indent=indent, base_comments=base_comments, closing_comments=closing
        )
        if heading:
            opening_line = cst.ParenthesizedWhitespace(
                first_line=cst.TrailingWhitespace(whitespace=cst.SimpleWhitespace("  "), comment=heading[0]),
                empty_lines=[
                    cst.EmptyLine(indent=True, whitespace=cst.SimpleWhitespace(indent), comment=c)
                    for c in heading[1:]
                ],
                indent=True,
                last_line=cst.SimpleWhitespace(indent),
            )
            result = result.with_changes(lpar=[cst.LeftParen(whitespace_after=opening_line)])
        result = shift_chain(result, len(placed), start - self._block_indent())
        self.register_chain(result, original)
        return result

    def extend_chain(self, updated: cst.Call, original: Optional[cst.Call] = None) -> cst.Call:
        """``updated`` (a method call) with a parenthesised multi-line chain this codemod built as its
        receiver: the method as one more link of that chain, `(\n    select(a)\n    .where(w)\n    .m(x)\n)`,
        not `(\n    ...\n).m(x)`. Parentheses the author put around the whole expression give way to the
        chain's (`(select([a],\n w)\n .m(x))` would otherwise be doubled). A method call whose multi-line
        arguments hang from its parenthesis moves in with them; one with arguments aligned to its
        parenthesis keeps its place (they would need a new column)."""
        func = updated.func
        if not isinstance(func, cst.Attribute) or not isinstance(func.dot, cst.Dot):
            return updated
        known = self._chains.get(id(func.value))
        chain = func.value
        if known is None or not isinstance(chain, cst.Call) or len(chain.lpar) != 1 or len(chain.rpar) != 1:
            return updated
        if is_multiline(func.attr) or is_multiline(updated.whitespace_after_func):
            return updated
        # Multi-line arguments move with the link: hanging ones (`.m(\n    a,\n)`) keep their indentation
        # relative to the link's line, aligned ones (`.m(a,\n   b)`) their column relative to the parenthesis
        # (which needs the original's position).
        hanging = is_multiline(updated.whitespace_before_args)
        aligned = not hanging and any(is_multiline(a) for a in updated.args)
        if aligned and (original is None or not isinstance(original.func, cst.Attribute)):
            return updated
        if updated.lpar:
            own = (updated.lpar[0].whitespace_after, updated.rpar[0].whitespace_before)
            if len(updated.lpar) != 1 or len(updated.rpar) != 1 or any(comments_in_whitespace(w) for w in own):
                return updated
        elif is_multiline(func.dot):
            return updated
        inner_func = chain.func
        if not isinstance(inner_func, cst.Attribute) or not isinstance(inner_func.dot, cst.Dot):
            return updated
        link_break = inner_func.dot.whitespace_before
        closing = chain.rpar[0].whitespace_before
        if not isinstance(link_break, cst.ParenthesizedWhitespace) or not isinstance(
            closing, cst.ParenthesizedWhitespace
        ):
            return updated
        if hanging or aligned:
            if hanging:
                shift = len(link_break.last_line.value) - len(closing.last_line.value)
            else:
                assert original is not None and isinstance(original.func, cst.Attribute)
                name = original.func.attr
                old = self._column(name) + len(name.value)
                new = self._block_indent() + len(link_break.last_line.value) + 1 + len(name.value)
                shift = new - old
            updated = updated.with_changes(
                whitespace_before_args=shift_lines(updated.whitespace_before_args, shift),
                args=[shift_lines(a, shift) for a in updated.args],
            )
        # the comments after the last link stay after it (or those above the method, not both)
        before_dot = func.dot.whitespace_before
        if comments_in_whitespace(before_dot):
            if comments_in_whitespace(closing):
                return updated
            assert isinstance(before_dot, cst.ParenthesizedWhitespace)
            closing_comments = before_dot.with_changes(
                empty_lines=[
                    line.with_changes(indent=link_break.indent, whitespace=link_break.last_line)
                    if line.comment is not None
                    else line
                    for line in before_dot.empty_lines
                ]
            )
        else:
            closing_comments = closing
        dot = func.dot.with_changes(
            whitespace_before=closing_comments.with_changes(indent=link_break.indent, last_line=link_break.last_line)
        )
        merged = updated.with_changes(
            func=func.with_changes(value=chain.with_changes(lpar=[], rpar=[]), dot=dot),
            lpar=chain.lpar,
            rpar=[
                cst.RightParen(
                    whitespace_before=cst.ParenthesizedWhitespace(indent=closing.indent, last_line=closing.last_line)
                )
            ],
        )
        self._chains[id(merged)] = (merged, known[1], known[2])
        return merged

    def register_chain(self, chain: cst.CSTNode, original: cst.Call) -> None:
        """Remember a multi-line chain built for ``original`` (see :meth:`_moved_chains`)."""
        self._chains[id(chain)] = (chain, self._position(original).line, self._line_indent_of(original))

    def _moved_chains(self, nodes: Sequence[cst.CSTNode], first_line: int, new_line: int) -> Dict[int, int]:
        """For the chains built earlier inside ``nodes`` (a moved argument whose first line was
        ``first_line``) that started on that first line: the shift that puts their lines one step past the
        new line's indentation ``new_line`` again (the argument's own shift is for aligned code)."""
        if not self._chains:
            return {}
        found: Dict[int, int] = {}

        class _Finder(cst.CSTVisitor):
            def on_visit(inner, node: cst.CSTNode) -> bool:  # noqa: N805
                known = self._chains.get(id(node))
                if known is not None:
                    if known[1] == first_line:
                        found[id(node)] = new_line - known[2]
                    return False
                return True

        for node in nodes:
            node.visit(_Finder())
        return found

    # -- layout helpers -----------------------------------------------------------------------------------

    def _place_base(
        self, original: cst.Call, plan: Plan, base: cst.Call, kept: Sequence[int], line: Optional[int]
    ) -> cst.Call:
        """Move the base call's multi-line arguments along with it: to a chain line starting at column
        ``line``, or (None) kept at the original call's place, which loses the column list's bracket."""
        if not base.args or not (
            any(is_multiline(a) for a in base.args) or is_multiline(base.whitespace_before_args)
        ):
            return base
        call_column = self._column(original)
        new_line = self._line_indent_of(original) if line is None else line
        new_content = (call_column if line is None else line) + len(code_of(base.func)) + 1
        if kept or plan.columns is None:
            hanging = is_multiline(original.whitespace_before_args)
            line_of: cst.CSTNode = original
            content = call_column + len(code_of(original.func)) + 1
        else:
            first = original.args[plan.columns.index].value
            hanging = starts_hanging(first)
            line_of = first
            content = self._column(first) + (1 if plan.columns.form == "elements" else 0)
            if plan.columns.form == "star":
                new_content += 1
        delta = new_line - self._line_indent_of(line_of) if hanging else new_content - content
        overrides = self._moved_chains(base.args, self._position(line_of).line, new_line)
        return base.with_changes(
            whitespace_before_args=shift_lines(base.whitespace_before_args, delta),
            args=[shift_lines(a, delta, overrides) for a in base.args],
        )

    def _delta(self, piece: cst.CSTNode, new_content: int, new_line: int) -> int:
        if starts_hanging(piece):
            return new_line - self._line_indent_of(piece)
        return new_content - self._column(piece)

    def _fits_on_its_lines(self, original: cst.Call, one_line: cst.BaseExpression, steps: Sequence[Step]) -> bool:
        """Whether the rebuilt call, on one line, fits in the width the original call's lines had (at least
        79 columns): a call split over lines only because its 1.x form was long becomes one line again, as
        people wrote it by hand; a long one becomes a chain, one link per line."""
        if any(step.comments or step.leading for step in steps):
            return False
        code = _EMPTY.code_for_node(one_line)
        if "\n" in code or "#" in code:
            return False
        where = self.context.wrapper.resolve(PositionProvider)[original]  # type: ignore[union-attr]
        # positions count \r\n, \r and \n as line ends (a CR-only file is one "\n"-line)
        lines = _LINE_ENDS.split("\n".join(self.state.tree_lines()))
        first, last = lines[where.start.line - 1], lines[where.end.line - 1]
        width = max(79, max(len(line) for line in lines[where.start.line - 1 : where.end.line]))
        return len(first[: where.start.column]) + len(code) + len(last[where.end.column :]) <= width

    def _position(self, node: cst.CSTNode):
        return self.context.wrapper.resolve(PositionProvider)[node].start  # type: ignore[union-attr]

    def _column(self, node: cst.CSTNode) -> int:
        return self._position(node).column

    def _line_indent_of(self, node: cst.CSTNode) -> int:
        """The indentation of the line on which ``node`` (an original node, with its parentheses) starts."""
        line = self._position(node).line
        for lpar in getattr(node, "lpar", ()):
            line -= code_of(lpar).count("\n")
        lines = self.state.tree_lines()
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        return len(text) - len(text.lstrip(" "))

    def _block_indent(self) -> int:
        """The indentation of the statement being visited (where `indent=True` line breaks start)."""
        statements = self.state.positions.statements  # type: ignore[union-attr]
        return self._column(statements[-1]) if statements else 0


_EMPTY = cst.Module(body=[])
_LINE_ENDS = re.compile(r"\r\n?|\n")


def kept_args(call: cst.Call, kept: Sequence[int]) -> List[cst.Arg]:
    """The ``kept`` arguments of ``call`` (the SELECTs of a union), laid out as they were, the last one
    ending the way the call's last argument did (its own comment, if any, stays on its line)."""
    args = [call.args[i] for i in kept]
    if not args or kept[-1] == len(call.args) - 1:
        return args
    last, final = args[-1], call.args[-1]
    assert isinstance(last.comma, cst.Comma)
    own = last.comma.whitespace_after
    end = final.comma.whitespace_after if isinstance(final.comma, cst.Comma) else final.whitespace_after_arg
    if isinstance(end, cst.ParenthesizedWhitespace):
        # the closing parenthesis was on its own line: keep it there
        # (the own-line comments after it describe the next argument, which moves into the chain)
        ws = cst.ParenthesizedWhitespace(
            first_line=own.first_line if isinstance(own, cst.ParenthesizedWhitespace) else cst.TrailingWhitespace(),
            indent=True,
            last_line=end.last_line,
        )
        if isinstance(final.comma, cst.Comma):
            args[-1] = last.with_changes(comma=last.comma.with_changes(whitespace_after=ws))
        else:
            args[-1] = last.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=ws)
    elif isinstance(own, cst.ParenthesizedWhitespace) and own.first_line.comment is not None:
        args[-1] = last.with_changes(
            comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=own.with_changes(empty_lines=[])
        )
    else:
        args[-1] = last.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=_NO_SPACE)
    return args


def _bare_break(ws: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """``ws`` without its comments (they were collected to be placed elsewhere)."""
    if not isinstance(ws, cst.ParenthesizedWhitespace):
        return ws
    return cst.ParenthesizedWhitespace(first_line=cst.TrailingWhitespace(), indent=ws.indent, last_line=ws.last_line)


def _argument_comments(
    call: cst.Call,
) -> Tuple[List[cst.Comment], List[List[cst.Comment]], List[List[cst.Comment]]]:
    """The comments of a call's argument list: the one right after its opening parenthesis; per argument,
    those on its own line(s) (after it, or after its comma); per argument, the own-line comments above
    it (they describe it, so they move with it). The own-line comments after the last argument count as
    its own."""
    n = len(call.args)
    trailing: List[List[cst.Comment]] = [[] for _ in range(n)]
    leading: List[List[cst.Comment]] = [[] for _ in range(n)]
    opening: List[cst.Comment] = []
    ws = call.whitespace_before_args
    if n and isinstance(ws, cst.ParenthesizedWhitespace):
        if ws.first_line.comment is not None:
            opening.append(ws.first_line.comment)
        leading[0] += [line.comment for line in ws.empty_lines if line.comment is not None]
    for i, arg in enumerate(call.args):
        found = comments_in_whitespace(arg.whitespace_after_arg)
        if isinstance(arg.equal, cst.AssignEqual):
            found += comments_in_whitespace(arg.equal.whitespace_after)
        if isinstance(arg.comma, cst.Comma):
            found += comments_in_whitespace(arg.comma.whitespace_before)
            after = arg.comma.whitespace_after
            if isinstance(after, cst.ParenthesizedWhitespace):
                if after.first_line.comment is not None:
                    found.append(after.first_line.comment)
                above_next = [line.comment for line in after.empty_lines if line.comment is not None]
                if i + 1 < n:
                    leading[i + 1] += above_next
                else:
                    found += above_next
        trailing[i] = found
    return opening, trailing, leading


def _parts_of(node: cst.BaseExpression) -> List[Tuple[str, cst.BaseExpression]]:
    parts = sequence_parts(node, lambda _: True)
    assert parts is not None
    return parts








def _display_comments(display: cst.BaseExpression) -> List[cst.Comment]:
    """Comments in a display's brackets and commas (the elements are re-spaced into a method's arguments)."""
    found: List[cst.Comment] = []
    opening, args, closing = display_args(display)
    found += comments_in_whitespace(opening)
    if isinstance(display, (cst.List, cst.Tuple)):
        for el in display.elements:
            if isinstance(el.comma, cst.Comma):
                found += comments_in_whitespace(el.comma.whitespace_before)
                found += comments_in_whitespace(el.comma.whitespace_after)
    found += comments_in_whitespace(closing)
    return found


def _with_trailing_comments(
    base: cst.Call, comments: Sequence[cst.Comment], line_indent: int, indent: str
) -> cst.Call:
    """``base`` with ``comments`` (of arguments the rewrite dropped) kept inside its parentheses, after its
    last argument, one per line."""
    if not comments:
        return base
    inner = " " * line_indent + indent

    def own_lines(found: Sequence[cst.Comment]) -> List[cst.EmptyLine]:
        return [cst.EmptyLine(indent=False, whitespace=cst.SimpleWhitespace(inner), comment=c) for c in found]

    closing = cst.SimpleWhitespace(" " * line_indent)
    if not base.args:
        return base.with_changes(
            whitespace_before_args=cst.ParenthesizedWhitespace(
                first_line=cst.TrailingWhitespace(), empty_lines=own_lines(comments), indent=False, last_line=closing
            )
        )
    ws = cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(whitespace=cst.SimpleWhitespace("  "), comment=comments[0]),
        empty_lines=own_lines(comments[1:]),
        indent=False,
        last_line=closing,
    )
    args = list(base.args)
    last = args[-1]
    before_close = last.whitespace_after_arg
    if isinstance(last.comma, cst.Comma) and isinstance(last.comma.whitespace_after, cst.ParenthesizedWhitespace):
        before_close = last.comma.whitespace_after
    if isinstance(before_close, cst.ParenthesizedWhitespace):
        # the closing parenthesis is on its own line already: the comments go on lines before it
        moved = before_close.with_changes(empty_lines=[*before_close.empty_lines, *own_lines(comments)])
        if before_close is last.whitespace_after_arg:
            args[-1] = last.with_changes(whitespace_after_arg=moved)
        else:
            comma = last.comma
            assert isinstance(comma, cst.Comma)
            args[-1] = last.with_changes(comma=comma.with_changes(whitespace_after=moved))
    else:
        args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=ws), whitespace_after_arg=_NO_SPACE)
    return base.with_changes(args=args)
