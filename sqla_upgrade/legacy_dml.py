"""The legacy argument map of INSERT/UPDATE/DELETE constructors, shared by dml-legacy-args and table-dml-args.

SQLAlchemy 1.4's `insert()`, `update()`, `delete()` (and `Table.insert()`/`.update()`/`.delete()`, which forward
to them) still take the 1.x arguments, all deprecated (RemovedIn20Warning, b8d9); 2.0 takes the table only.
Each argument has a generative method, so the call becomes a chain. What 1.4's constructors did with each
argument (`sqlalchemy/sql/dml.py` at rel_1_4_54) decides what the chain must do:

* `whereclause` → `.where(w)`; 1.4 skipped a None whereclause, while 2.0 renders `.where(None)` as
  `WHERE NULL` (a DELETE that deleted every row would delete none): a name that may hold None is reported,
  one whose value is unknown (a parameter) makes the rewrite unsafe.
* `values` → `.values(v)`, dicts, tuples and lists of dicts unchanged; with `preserve_parameter_order=True`
  1.4 read the list as ordered (column, value) pairs, which is `.ordered_values(*pairs)`, also when the pairs
  come from a `.values([...])` chained right onto the call. A None value was skipped by 1.4; `.values(None)`
  raises, so a name that may hold None is reported.
* `inline=True` → `.inline()`; `returning=[a, b]` → `.returning(a, b)`; `prefixes=[p]` →
  `.prefix_with(p)`. 1.4 stored a returning list as it was and iterated prefixes, so a non-literal becomes `*x` (unsafe unless
  the name provably holds a list: `*None` fails where 1.4 skipped). A string `prefixes="OR IGNORE"` was
  split into characters by 1.4 and is reported.
* `return_defaults=True` → `.return_defaults()`; insert's column list → `.return_defaults(*cols)`. update()
  stored its `return_defaults` as a plain flag and ignored the columns (verified: 1.4 renders RETURNING for
  every server-generated column), so update's list becomes `.return_defaults()`. With `returning=` too,
  which 1.4's constructor tolerated and 2.0 cannot compile, it is reported.
* any other `<dialect>_<name>=` keyword → `.with_dialect_options(...)`, validated the same way in both.
* `bind=` stays in the base call and is reported (execute the statement on a Connection/Session); the
  execution rewrites (implicit-execution) need to see it.
* falsy literal defaults (`None`, `False`, `[]`) are dropped; `*args`/`**kw`, unknown or duplicated arguments
  and non-literal flags are reported, never guessed.

The chain order is fixed (where, values, inline, returning, return_defaults, prefix_with,
with_dialect_options): each method fills its own slot of the statement, so the order is cosmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Dict, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from sqla_upgrade.chain import (
    Step,
    args_from_elements,
    build_chain,
    comments_in_whitespace,
    comments_within,
    detach_arg,
    is_multiline,
    opening_comments,
)
from sqla_upgrade.codemod import SqlaCodemod
from sqla_upgrade.matchers import is_literal, name_none_verdict, sqla_name_of

KINDS = ("insert", "update", "delete")

#: 1.4 constructor parameters after ``table``, in positional order.
CONSTRUCTOR_PARAMS: Dict[str, Tuple[str, ...]] = {
    "insert": ("values", "inline", "bind", "prefixes", "returning", "return_defaults"),
    "update": (
        "whereclause",
        "values",
        "inline",
        "bind",
        "prefixes",
        "returning",
        "return_defaults",
        "preserve_parameter_order",
    ),
    "delete": ("whereclause", "bind", "returning", "prefixes"),
}

#: 1.4 ``TableClause.insert/update/delete`` positional parameters (the rest went through ``**kwargs``).
METHOD_PARAMS: Dict[str, Tuple[str, ...]] = {
    "insert": ("values", "inline"),
    "update": ("whereclause", "values", "inline"),
    "delete": ("whereclause",),
}

ALL_PARAMS: Set[str] = {p for params in CONSTRUCTOR_PARAMS.values() for p in params}

# The dialect insert() constructors subclass Insert and inherited its 1.4 __init__.
DIALECT_INSERTS = {
    f"sqlalchemy.dialects.{dialect}{sub}.insert"
    for dialect in ("postgresql", "mysql", "sqlite")
    for sub in ("", ".dml")
}

_CALLEES = {
    "insert": "insert",
    "update": "update",
    "delete": "delete",
    "Insert": "insert",
    "Update": "update",
    "Delete": "delete",
}


def dml_callee_kind(qualified: Set[str]) -> Optional[str]:
    """The kind (``insert``/``update``/``delete``) of a callee whose qualified names are SQLAlchemy's DML
    constructor, else None."""
    if qualified & DIALECT_INSERTS:
        return "insert"
    name = sqla_name_of(qualified, *_CALLEES)
    return None if name is None else _CALLEES[name]


_NO_SPACE = cst.SimpleWhitespace("")
_TIGHT_EQUAL = cst.AssignEqual(whitespace_before=_NO_SPACE, whitespace_after=_NO_SPACE)
# Where each argument's method goes in the chain.
_ORDER = ("where", "values", "ordered_values", "inline", "returning", "return_defaults", "prefix_with")


def _falsy_literal(node: cst.BaseExpression) -> bool:
    if is_literal(node, "None") or is_literal(node, "False"):
        return True
    if isinstance(node, (cst.List, cst.Tuple)) and not node.elements:
        return True
    return False


def _display(node: cst.BaseExpression) -> Optional[Union[cst.List, cst.Tuple]]:
    return node if isinstance(node, (cst.List, cst.Tuple)) else None


def _is_string(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString))


def display_comments(display: Union[cst.List, cst.Tuple]) -> List[cst.Comment]:
    """Comments inside a list/tuple display's brackets and commas (lost when its elements become arguments)."""
    found: List[cst.Comment] = []
    if isinstance(display, cst.List):
        found += comments_in_whitespace(display.lbracket.whitespace_after)
    elif display.lpar:
        found += comments_in_whitespace(display.lpar[0].whitespace_after)
    for el in display.elements:
        if isinstance(el.comma, cst.Comma):
            found += comments_in_whitespace(el.comma.whitespace_before)
            found += comments_in_whitespace(el.comma.whitespace_after)
    if isinstance(display, cst.List):
        found += comments_in_whitespace(display.rbracket.whitespace_before)
    elif display.rpar:
        found += comments_in_whitespace(display.rpar[-1].whitespace_before)
    return found








@dataclass
class Issue:
    node: cst.CSTNode
    message: str


@dataclass
class Link:
    """A chain link made from one argument (by index in the call's args; -1: the outer `.values()` arg)."""

    method: str
    index: int
    # "value": `.m(v)`; "elements": a display's elements `.m(a, b)`; "star": `.m(*v)`; "none": `.m()`
    form: str = "value"


@dataclass
class Plan:
    kind: str
    keep: List[int] = field(default_factory=list)  # args staying in the base call (the table)
    bind: Optional[int] = None  # kept as `bind=` in the base call
    links: List[Link] = field(default_factory=list)
    dialect: List[int] = field(default_factory=list)
    dropped: List[int] = field(default_factory=list)
    notes: List[Issue] = field(default_factory=list)  # reported; the rewrite still happens
    blockers: List[Issue] = field(default_factory=list)  # reported; no rewrite
    unsafe: List[Issue] = field(default_factory=list)  # the rewrite is an unsafe fix


@dataclass
class Bound:
    """The arguments of a legacy DML call, by 1.4 parameter name."""

    table: Optional[int] = None
    params: Dict[str, int] = field(default_factory=dict)
    dialect: List[int] = field(default_factory=list)
    problems: List[Issue] = field(default_factory=list)


def bind_arguments(call: cst.Call, kind: str, method_form: bool) -> Bound:
    """Match ``call``'s arguments to the 1.4 parameters of ``kind`` (as the 1.4 signature would)."""
    bound = Bound()
    positional = METHOD_PARAMS[kind] if method_form else ("table",) + CONSTRUCTOR_PARAMS[kind]
    allowed = set(CONSTRUCTOR_PARAMS[kind])
    where = f".{kind}()" if method_form else f"{kind}()"
    n_pos = 0
    for i, arg in enumerate(call.args):
        if arg.star:
            bound.problems.append(
                Issue(
                    arg,
                    f"{where} takes {'no arguments' if method_form else 'only the table'} in 2.0: apply what "
                    f"`{arg.star}{code_of(arg.value)}` holds with .where()/.values()/.returning()/... by hand",
                )
            )
            continue
        if arg.keyword is None:
            if n_pos >= len(positional):
                bound.problems.append(Issue(arg, f"too many positional arguments for {where}"))
                continue
            name = positional[n_pos]
            n_pos += 1
        else:
            name = arg.keyword.value
            if name == "table" and not method_form:
                pass
            elif name not in allowed:
                if name in ALL_PARAMS or "_" not in name:
                    bound.problems.append(Issue(arg, f"{where} has no `{name}=` argument"))
                else:
                    bound.dialect.append(i)
                continue
        if name == "table":
            if bound.table is not None:
                bound.problems.append(Issue(arg, f"{where} got the table twice"))
            bound.table = i
        elif name in bound.params:
            bound.problems.append(Issue(arg, f"{where} got `{name}` twice"))
        else:
            bound.params[name] = i
    return bound


def code_of(node: cst.CSTNode) -> str:
    """The source text of ``node``."""
    return cst.Module(body=[]).code_for_node(node)


class LegacyDmlCodemod(SqlaCodemod):
    """Base of the two DML codemods: they differ only in which calls are theirs (:meth:`match`)."""

    #: whether the calls are TableClause methods (`t.insert(values)`) rather than constructors (`insert(t)`)
    METHOD_FORM: ClassVar[bool]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # inner calls whose rewrite is done by the `.values([...])` call chained onto them
        self._ordered_inner: Set[int] = set()
        # how many brackets enclose the node being visited (a nested chain is indented that much deeper)
        self._depth = 0

    # -- what subclasses decide ---------------------------------------------------------------------

    def match(self, call: cst.Call) -> Optional[Tuple[str, Optional[str]]]:
        """``(kind, unsafe_reason)`` when ``call`` (an original node) may be a legacy DML call of ours; the
        reason is set when it is ours only in the common case (the rewrite is then an unsafe fix)."""
        raise NotImplementedError

    # -- traversal ------------------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        inner = self._ordered_values_inner(node)
        if inner is not None:
            self._ordered_inner.add(id(inner))

    def visit_Arg(self, node: cst.Arg) -> None:
        self._depth += 1

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        self._depth -= 1
        return updated_node

    def visit_Element(self, node: cst.Element) -> None:
        self._depth += 1

    def leave_Element(self, original_node: cst.Element, updated_node: cst.Element) -> cst.Element:
        self._depth -= 1
        return updated_node

    def visit_DictElement(self, node: cst.DictElement) -> None:
        self._depth += 1

    def leave_DictElement(
        self, original_node: cst.DictElement, updated_node: cst.DictElement
    ) -> cst.DictElement:
        self._depth -= 1
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if id(original_node) in self._ordered_inner:
            return updated_node
        inner = self._ordered_values_inner(original_node)
        if inner is not None:
            updated_inner = updated_node.func.value  # type: ignore[attr-defined]
            result = self._rewrite(inner, updated_inner, outer=(original_node, updated_node))
            return updated_node if result is None else result
        result = self._rewrite(original_node, updated_node)
        return updated_node if result is None else result

    def _ordered_values_inner(self, call: cst.Call) -> Optional[cst.Call]:
        """For ``update(t, preserve_parameter_order=True).values([...])`` (a call without values of its own),
        the inner call: the chained `.values()` is where its ordered pairs are."""
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "values"):
            return None
        inner = func.value
        if not isinstance(inner, cst.Call):
            return None
        found = self.match(inner)
        if found is None or found[0] != "update":
            return None
        bound = bind_arguments(inner, "update", self.METHOD_FORM)
        ppo = bound.params.get("preserve_parameter_order")
        if ppo is None or "values" in bound.params:
            return None
        if not is_literal(inner.args[ppo].value, "True"):
            return None
        return inner

    # -- the rewrite ------------------------------------------------------------------------------------

    def _rewrite(
        self,
        original: cst.Call,
        updated: cst.Call,
        outer: Optional[Tuple[cst.Call, cst.Call]] = None,
    ) -> Optional[cst.BaseExpression]:
        found = self.match(original)
        if found is None:
            return None
        kind, unsafe_reason = found
        plan = self._plan(original, kind, outer)
        if plan is None:
            return None
        if plan.blockers:
            for issue in plan.blockers + plan.notes:
                self.report(issue.node, issue.message)
            return None
        for issue in plan.notes:
            self.report(issue.node, issue.message)
        if not (plan.links or plan.dialect or plan.dropped):
            return None  # only `bind=` is left: reported, and the call is already as close to 2.0 as it gets
        reasons = [i.message for i in plan.unsafe]
        if unsafe_reason is not None:
            reasons.insert(0, unsafe_reason)
        if reasons and not self.allow_unsafe(outer[0] if outer else original, "; ".join(reasons)):
            return None
        return self._build(plan, original, updated, outer)

    def _plan(
        self, call: cst.Call, kind: str, outer: Optional[Tuple[cst.Call, cst.Call]]
    ) -> Optional[Plan]:
        bound = bind_arguments(call, kind, self.METHOD_FORM)
        if not bound.params and not bound.dialect and not bound.problems and outer is None:
            return None  # `insert(t)`, `t.insert()`: already 2.0
        plan = Plan(kind=kind, blockers=list(bound.problems), dialect=list(bound.dialect))
        label = f".{kind}" if self.METHOD_FORM else kind
        if not self.METHOD_FORM:
            if bound.table is None:
                return None  # not a call 1.4 would have accepted; nothing to migrate
            plan.keep.append(bound.table)
        args = call.args
        p = bound.params

        def value(name: str) -> cst.BaseExpression:
            return args[p[name]].value

        for name in ("whereclause", "values"):
            if name not in p:
                continue
            v = value(name)
            if is_literal(v, "None"):
                plan.dropped.append(p[name])
                continue
            verdict = self._may_be_none(v)
            if verdict == "maybe":
                plan.blockers.append(
                    Issue(
                        args[p[name]],
                        f"`{code_of(v)}` may be None, which 1.x ignored: "
                        + (
                            "add .where() only when it is not None (2.0 renders .where(None) as WHERE NULL)"
                            if name == "whereclause"
                            else "call .values() only when it is not None"
                        ),
                    )
                )
            elif verdict == "unknown" and name == "whereclause":
                plan.unsafe.append(
                    Issue(
                        args[p[name]],
                        f"{label}(whereclause) → .where(): if `{code_of(v)}` can be None, 1.x emitted no WHERE "
                        "but 2.0 renders WHERE NULL",
                    )
                )
        if "whereclause" in p and p["whereclause"] not in plan.dropped:
            plan.links.append(Link("where", p["whereclause"]))

        self._plan_values(plan, call, bound, outer)

        if "inline" in p:
            v = value("inline")
            if is_literal(v, "True"):
                plan.links.append(Link("inline", p["inline"], "none"))
            elif _falsy_literal(v):
                plan.dropped.append(p["inline"])
            else:
                plan.blockers.append(
                    Issue(args[p["inline"]], f"{label}(inline=...) is removed: call .inline() when it is true")
                )

        returning = self._plan_sequence(plan, call, "returning", p)
        if "return_defaults" in p:
            i = p["return_defaults"]
            v = value("return_defaults")
            if _falsy_literal(v):
                plan.dropped.append(i)
            elif returning:
                plan.blockers.append(
                    Issue(
                        args[i],
                        "returning= and return_defaults= together cannot be expressed in 2.0: keep either "
                        ".returning() or .return_defaults()",
                    )
                )
            elif is_literal(v, "True"):
                plan.links.append(Link("return_defaults", i, "none"))
            elif _display(v) is not None:
                # update() kept only the flag (its columns were ignored by 1.4's compiler)
                plan.links.append(Link("return_defaults", i, "elements" if kind == "insert" else "none"))
            else:
                plan.blockers.append(
                    Issue(
                        args[i],
                        f"{label}(return_defaults=...) is removed: call .return_defaults() (with the columns, "
                        "for a list) when it is set",
                    )
                )
        self._plan_sequence(plan, call, "prefixes", p)

        if "bind" in p:
            v = value("bind")
            if is_literal(v, "None"):
                plan.dropped.append(p["bind"])
            else:
                plan.bind = p["bind"]
                plan.notes.append(
                    Issue(
                        args[p["bind"]],
                        f"{label}(bind=...) is removed in 2.0: execute the statement with conn.execute() / "
                        "session.execute()",
                    )
                )
        return plan

    def _plan_values(
        self, plan: Plan, call: cst.Call, bound: Bound, outer: Optional[Tuple[cst.Call, cst.Call]]
    ) -> None:
        p = bound.params
        ppo_index = p.get("preserve_parameter_order")
        ordered = False
        if ppo_index is not None:
            v = call.args[ppo_index].value
            if is_literal(v, "True"):
                ordered = True
            elif not _falsy_literal(v):
                plan.blockers.append(
                    Issue(
                        call.args[ppo_index],
                        "preserve_parameter_order=... is removed: give the (column, value) pairs to "
                        ".ordered_values(*pairs) when it is true",
                    )
                )
            plan.dropped.append(ppo_index)
        if outer is not None:
            values_call = outer[0]
            if len(values_call.args) != 1 or values_call.args[0].keyword or values_call.args[0].star:
                plan.blockers.append(
                    Issue(values_call, "preserve_parameter_order=True: pass the pairs to .ordered_values(*pairs)")
                )
                return
            value: cst.BaseExpression = values_call.args[0].value
            index = -1
        elif "values" in p and p["values"] not in plan.dropped:
            index = p["values"]
            value = call.args[index].value
        else:
            if ordered:
                plan.blockers.append(
                    Issue(
                        call.args[ppo_index],  # type: ignore[index]
                        "preserve_parameter_order=True is removed: pass the (column, value) pairs to "
                        ".ordered_values(*pairs) instead of .values(pairs)",
                    )
                )
            return
        if not ordered:
            plan.links.append(Link("values", index))
            return
        if _display(value) is not None:
            plan.links.append(Link("ordered_values", index, "elements"))
        elif isinstance(value, (cst.Dict, cst.DictComp)):
            plan.blockers.append(
                Issue(value, "preserve_parameter_order=True needs a list of (column, value) pairs")
            )
        else:
            plan.links.append(Link("ordered_values", index, "star"))
            if not self.proven_sequence(value):
                plan.unsafe.append(
                    Issue(
                        value,
                        f"preserve_parameter_order=True → .ordered_values(*{code_of(value)}): right when it is a "
                        "list of (column, value) pairs",
                    )
                )

    def _plan_sequence(self, plan: Plan, call: cst.Call, name: str, p: Dict[str, int]) -> bool:
        """`returning=`/`prefixes=`: a display's elements, or `*x`. Returns whether a link was added."""
        if name not in p:
            return False
        i = p[name]
        v = call.args[i].value
        method = "returning" if name == "returning" else "prefix_with"
        if _falsy_literal(v):
            plan.dropped.append(i)
            return False
        if _is_string(v):
            plan.blockers.append(
                Issue(
                    call.args[i],
                    f"{name}= takes a list: 1.x iterated this string character by character; "
                    f"write .{method}(...) with what was meant",
                )
            )
            return False
        if _display(v) is not None:
            plan.links.append(Link(method, i, "elements"))
            return True
        plan.links.append(Link(method, i, "star"))
        if not self.proven_sequence(v):
            plan.unsafe.append(
                Issue(
                    v, f"{name}={code_of(v)} → .{method}(*{code_of(v)}): wrong if it can be None or a single item"
                )
            )
        return True

    # -- None-ness of a whereclause/values variable ----------------------------------------------------

    def _may_be_none(self, node: cst.BaseExpression) -> str:
        """Whether ``node`` may hold None: ``maybe`` (a visible binding is None or defaults to None),
        ``unknown`` (a parameter or another binding whose value is not known here) or ``no``."""
        if isinstance(node, cst.IfExp):
            return "maybe" if is_literal(node.body, "None") or is_literal(node.orelse, "None") else "no"
        if not isinstance(node, cst.Name) or node.value in ("True", "False"):
            return "no"

        def value_verdict(value: cst.BaseExpression) -> str:
            if is_literal(value, "None") or (
                isinstance(value, cst.IfExp) and (is_literal(value.body, "None") or is_literal(value.orelse, "None"))
            ):
                return "maybe"
            return "no"

        return name_none_verdict(node, self.state.names, value_verdict)  # type: ignore[arg-type]

    # -- building the chain -----------------------------------------------------------------------------

    def _build(
        self,
        plan: Plan,
        original: cst.Call,
        updated: cst.Call,
        outer: Optional[Tuple[cst.Call, cst.Call]],
    ) -> cst.BaseExpression:
        args = updated.args
        base_comments: List[cst.Comment] = []
        closing: List[cst.Comment] = []
        top = outer[1] if outer else updated
        for lpar in top.lpar:
            base_comments += comments_in_whitespace(lpar.whitespace_after)
        base_comments += opening_comments(updated)

        # Each argument's comments follow what it became; a dropped argument's follow the argument before it.
        owners: Dict[int, List[cst.Comment]] = {}
        base_args: List[cst.Arg] = []
        for i in plan.keep:
            arg, comments = detach_arg(args[i])
            base_args.append(arg.with_changes(keyword=args[i].keyword, equal=_equal(args[i])))
            base_comments += comments
            owners[i] = base_comments
        if plan.bind is not None:
            arg, comments = detach_arg(args[plan.bind])
            base_args.append(arg.with_changes(keyword=cst.Name("bind"), equal=_TIGHT_EQUAL))
            base_comments += comments
            owners[plan.bind] = base_comments

        outer_arg: Optional[cst.Arg] = None
        if outer is not None:
            outer_arg = outer[1].args[0]
            base_comments += opening_comments(outer[1])

        steps: List[Tuple[int, Step]] = []
        for link in plan.links:
            source = outer_arg if link.index == -1 else args[link.index]
            assert source is not None
            arg, comments = detach_arg(source)
            value = arg.value
            if link.form == "none":
                comments = comments + comments_within(value)
                step_args: List[cst.Arg] = []
            elif link.form == "elements":
                display = _display(value)
                assert display is not None
                comments = comments + display_comments(display)
                step_args = args_from_elements(display.elements)
            elif link.form == "star":
                step_args = [cst.Arg(value=value, star="*")]
            else:
                step_args = [arg]
            step = Step(link.method, step_args, comments)
            owners[link.index] = comments
            steps.append((_ORDER.index(link.method), step))
        steps.sort(key=lambda s: s[0])
        chain = [s for _, s in steps]
        if plan.dialect:
            dialect_args = []
            dialect_comments: List[cst.Comment] = []
            for i in plan.dialect:
                arg, comments = detach_arg(args[i])
                dialect_args.append(arg.with_changes(keyword=args[i].keyword, equal=_TIGHT_EQUAL))
                dialect_comments += comments
                owners[i] = dialect_comments
            chain.append(Step("with_dialect_options", dialect_args, dialect_comments))
        for i in sorted(plan.dropped):
            before = [j for j in owners if 0 <= j < i]
            target = owners[max(before)] if before else base_comments
            target += detach_arg(args[i])[1] + comments_within(args[i].value)

        base = updated.with_changes(
            args=base_args,
            whitespace_before_args=_NO_SPACE,
            lpar=[],
            rpar=[],
        )
        if outer is not None:
            for rpar in outer[1].rpar:
                closing += comments_in_whitespace(rpar.whitespace_before)
        for rpar in updated.rpar:
            closing += comments_in_whitespace(rpar.whitespace_before)
        multiline = is_multiline(outer[0] if outer else original)
        if not chain:
            indent = self.context.wrapper.module.default_indent  # type: ignore[union-attr]
            return _restore_parens(_keep_comments(base, base_comments + closing, indent), top)
        if not multiline:
            return _restore_parens(build_chain(base, chain, multiline=False), top)
        indent = self.context.wrapper.module.default_indent  # type: ignore[union-attr]
        result = build_chain(
            base, chain, multiline=True, indent=indent, base_comments=base_comments, closing_comments=closing
        )
        return _shift_chain(result, len(chain), indent * self._depth)


def _shift(ws: cst.BaseParenthesizableWhitespace, extra: str) -> cst.BaseParenthesizableWhitespace:
    if not isinstance(ws, cst.ParenthesizedWhitespace):
        return ws
    return ws.with_changes(
        empty_lines=[
            line.with_changes(whitespace=cst.SimpleWhitespace(extra + line.whitespace.value))
            for line in ws.empty_lines
        ],
        last_line=cst.SimpleWhitespace(extra + ws.last_line.value),
    )


def _shift_chain(chain: cst.BaseExpression, links: int, extra: str) -> cst.BaseExpression:
    """A parenthesised chain from build_chain (laid out at the statement's indentation) moved ``extra``
    to the right, for a chain nested inside another call's brackets. Only the chain's own line breaks
    move: those inside the arguments are the user's."""
    if not extra or not isinstance(chain, cst.Call):
        return chain

    def shift_links(node: cst.BaseExpression, remaining: int) -> cst.BaseExpression:
        if remaining == 0 or not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
            return node
        func = node.func
        dot = func.dot
        assert isinstance(dot, cst.Dot)
        return node.with_changes(
            func=func.with_changes(
                value=shift_links(func.value, remaining - 1),
                dot=dot.with_changes(whitespace_before=_shift(dot.whitespace_before, extra)),
            )
        )

    shifted = shift_links(chain, links)
    return shifted.with_changes(
        lpar=[p.with_changes(whitespace_after=_shift(p.whitespace_after, extra)) for p in chain.lpar],
        rpar=[p.with_changes(whitespace_before=_shift(p.whitespace_before, extra)) for p in chain.rpar],
    )


def _equal(arg: cst.Arg) -> Union[cst.AssignEqual, cst.MaybeSentinel]:
    return _TIGHT_EQUAL if arg.keyword is not None else cst.MaybeSentinel.DEFAULT


def _restore_parens(node: cst.BaseExpression, original: cst.Call) -> cst.BaseExpression:
    """A single-line result keeps the parentheses the original call was wrapped in."""
    if original.lpar:
        return node.with_changes(lpar=original.lpar, rpar=original.rpar)
    return node


def _keep_comments(base: cst.Call, comments: Sequence[cst.Comment], indent: str) -> cst.Call:
    """``base`` (every argument of which but the table was dropped) laid out one argument per line, so that
    the dropped arguments' comments stay inside its parentheses."""
    if not comments:
        return base

    def newline(comment: Optional[cst.Comment], last_line: str) -> cst.ParenthesizedWhitespace:
        return cst.ParenthesizedWhitespace(
            first_line=cst.TrailingWhitespace(
                whitespace=cst.SimpleWhitespace("  " if comment is not None else ""), comment=comment
            ),
            empty_lines=[],
            indent=True,
            last_line=cst.SimpleWhitespace(last_line),
        )

    args = list(base.args)
    if not args:  # `t.insert(inline=False  # c)`: the comments stay on their own lines
        own_lines = [
            cst.EmptyLine(indent=True, whitespace=cst.SimpleWhitespace(indent), comment=c) for c in comments
        ]
        return base.with_changes(whitespace_before_args=newline(None, "").with_changes(empty_lines=own_lines))
    for i, arg in enumerate(args):
        last = i == len(args) - 1
        comment = comments[0] if last else None
        after = newline(comment, "" if last else indent)
        if last:
            after = after.with_changes(
                empty_lines=[
                    cst.EmptyLine(indent=True, whitespace=cst.SimpleWhitespace(indent), comment=c)
                    for c in comments[1:]
                ]
            )
        args[i] = arg.with_changes(comma=cst.Comma(whitespace_after=after))
    return base.with_changes(args=args, whitespace_before_args=newline(None, indent))
