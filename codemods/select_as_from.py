"""A Select used where a FROM clause belongs: `.select_from(inner)`, `t.join(inner, on)`, `join(a, inner)`,
`select([inner])`, `inner.c.x` / `inner.columns.x` and `inner.select()`, with `inner` a Select (or a union).

1.4 and 2.0 coerce the Select into a subquery with a deprecation warning; 2.1 raises (`Select.c` is gone,
`select_from(inner)` is an ArgumentError). 1.3's `select([inner])` raises on 1.4 already. The 2.0 form is an
explicit `.subquery()`.

1.x made **one** implicit subquery per Select object and used it for every one of these places (its
`_implicit_subquery` is memoised): `select(inner.c.x).select_from(inner)` selects from a single `anon_1`. A
`.subquery()` call per use would make `anon_1` and `anon_2`, and SQL that selects from both (a cartesian
product, or an error). So:

* `inner` a name (one plain assignment in its scope, or the last of several in one block, before every such
  use): rewritten, heuristic. One `inner_sq = inner.subquery()` is added right after that assignment, and every
  place where `inner` stood as a FROM becomes `inner_sq` (`inner.c.x` → `inner_sq.c.x`, `inner.select()` →
  `inner_sq.select()`, `select_from(inner)` → `select_from(inner_sq)`). Other uses (`conn.execute(inner)`,
  `inner.where(...)`, `inner.subquery()`) keep `inner`: they never went through the implicit subquery.
* `inner` a fresh statement (`select_from(select(t).where(w))`, a chain of generative calls evaluated once for
  this one use): `.subquery()` is appended there.
* Reported (89ve) instead, never half rewritten: a name bound otherwise (a parameter, a loop, an import,
  bindings in several blocks, an assignment after a use); a use before the assignment the hoist would follow;
  an attribute or subscript (`self.q.c.x`: where else is the same object used?); `stmt.c.x` inside the
  statement's own chain (`stmt.where(stmt.c.id == 5)`: 1.x built a cartesian FROM there, and what was meant is
  almost always `stmt.selected_columns.id`).

Heuristic because of one case: 1.x's memoised subquery was also shared with uses the tool cannot see (another
module reaching `module.inner.c`); those get their own subquery on 2.0, as a `.subquery()` call there would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

import libcst as cst

from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import CONSTRUCTORS, Kind, SQLA_EXPORT_MODULES, sqla_names
from sqla_upgrade.scopes import SCOPE_NODES, BindingKind, Scope

_SELECTS = (Kind.SELECT, Kind.COMPOUND)
_SELECT_CALLS = frozenset(sqla_names("select", modules=SQLA_EXPORT_MODULES + ("sqlalchemy.future",)))
_JOIN_CALLS = frozenset(q for q, k in CONSTRUCTORS.items() if k == Kind.JOIN)
_STATEMENT_CALLS = frozenset(q for q, k in CONSTRUCTORS.items() if k in _SELECTS)
#: method → the positional arguments that stand as a FROM clause
_FROM_METHODS = {"select_from": None, "join": (0,), "outerjoin": (0,), "join_from": (0, 1), "outerjoin_from": (0, 1)}
_COLUMN_ATTRIBUTES = ("c", "columns")
_MESSAGE = (
    "a Select used as a FROM clause: 2.0 warns and 2.1 raises; 1.x made one implicit subquery per Select "
    "object, so make it once, `{sq} = {name}.subquery()`, and use `{sq}` (and `{sq}.c`) everywhere the Select "
    "stands as a FROM"
)


@dataclass
class _Plan:
    """The hoist of one name's subquery: after ``statement`` (in ``block``), ``uses`` renamed to ``subquery``."""

    name: str
    subquery: str
    statement: cst.SimpleStatementLine
    block: cst.CSTNode  # the Module or IndentedBlock whose body holds ``statement``
    uses: List[cst.Name] = field(default_factory=list)
    done: int = 0


class SelectAsFrom(SqlaCodemod):
    ID = "select-as-from"
    SUMMARY = "A Select used as a FROM (select_from, join, .c, .select()) → one explicit .subquery() per statement"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "89ve"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"select", b"union", b"intersect", b"except_")
    SITES = Sites(
        calls=_STATEMENT_CALLS | _JOIN_CALLS,
        methods=frozenset(_FROM_METHODS) | {"select"},
        bound_names=True,
    )
    EXAMPLES = (
        Example(
            before="from sqlalchemy import select\n\n"
            "inner = select(users.c.id, users.c.name).where(users.c.active)\n"
            "stmt = select(inner.c.name).select_from(inner).where(inner.c.id > 5)\n",
            after="from sqlalchemy import select\n\n"
            "inner = select(users.c.id, users.c.name).where(users.c.active)\n"
            "inner_sq = inner.subquery()\n"
            "stmt = select(inner_sq.c.name).select_from(inner_sq).where(inner_sq.c.id > 5)\n",
        ),
        Example(
            before="from sqlalchemy import select\n\n"
            "stmt = select(orders).select_from(orders.join(select(users).where(users.c.vip), on))\n",
            after="from sqlalchemy import select\n\n"
            "stmt = select(orders).select_from(orders.join(select(users).where(users.c.vip).subquery(), on))\n",
        ),
    )

    def __init__(self, context, state=None) -> None:
        super().__init__(context, state)
        self._plans: Dict[int, Optional[_Plan]] = {}  # id(binding statement) → plan (None: reported)
        self._by_use: Dict[int, _Plan] = {}  # id(Name) → its plan
        self._by_block: Dict[int, List[_Plan]] = {}  # id(block) → plans hoisting into it
        self._inline: Set[int] = set()  # ids of fresh statements that get `.subquery()`
        self._seen: Set[int] = set()
        self._taken: Set[str] = set()
        self._parents: Dict[int, Dict[int, cst.CSTNode]] = {}  # id(scope node) → parent map of its subtree

    # -- finding the uses --------------------------------------------------------------------------------

    def _from_arguments(self, call: cst.Call) -> List[cst.BaseExpression]:
        """The arguments of ``call`` that stand where a FROM clause belongs."""
        func = call.func
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in _FROM_METHODS:
                where = _FROM_METHODS[method]
                return positional if where is None else [positional[i] for i in where if i < len(positional)]
            return []
        names = self.qualified_names(func)
        if names & _JOIN_CALLS:
            return positional[:2]
        if names & _SELECT_CALLS and positional:
            # 1.3's select([inner]) (and what select-legacy makes of it, select(inner)) took inner as a FROM
            out: List[cst.BaseExpression] = []
            for value in positional:
                if isinstance(value, (cst.List, cst.Tuple)):
                    out.extend(e.value for e in value.elements if not isinstance(e, cst.StarredElement))
                else:
                    out.append(value)
            return out
        return []

    def visit_Call(self, node: cst.Call) -> None:
        for value in self._from_arguments(node):
            self._from_use(value, node)
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "select":
            self._from_use(func.value, node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value in _COLUMN_ATTRIBUTES:
            self._from_use(node.value, node)

    def _from_use(self, value: cst.BaseExpression, at: cst.CSTNode) -> None:
        if id(value) in self._seen or id(value) in self._by_use:
            return
        self._seen.add(id(value))
        if self.kind_of(value) not in _SELECTS:
            return
        if isinstance(value, cst.Name):
            self._plan(value, at)
            return
        if isinstance(value, cst.Call):
            # a fresh statement, made for this use alone
            self._inline.add(id(value))
            return
        self.report(at, _MESSAGE.format(sq="inner_sq", name=_code(value)) + f" (`{_code(value)}` may be used elsewhere)")

    # -- planning one name's hoist -----------------------------------------------------------------------

    def _plan(self, use: cst.Name, at: cst.CSTNode) -> Optional[_Plan]:
        found = self.state.names.lookup(use.value)  # type: ignore[union-attr]
        name = use.value
        message = _MESSAGE.format(sq=f"{name}_sq", name=name)
        if found is None:
            self.report(at, message)
            return None
        scope, bindings = found
        if any(b.kind is not BindingKind.ASSIGN for b in bindings):
            self.report(at, message + f" (`{name}` is not only assigned here, the tool cannot tell which object)")
            return None
        parents = self._parents_of(scope.node)
        statements = [_statement_of(b.node, parents) for b in bindings]
        if any(s is None for s in statements):
            self.report(at, message)
            return None
        last = statements[-1]
        key = id(last)
        if key in self._plans:
            plan = self._plans[key]
            if plan is None:
                self.report(at, message)
            return plan
        plan = self._make_plan(name, scope, statements, parents, message, at)  # type: ignore[arg-type]
        self._plans[key] = plan
        if plan is not None:
            for u in plan.uses:
                self._by_use[id(u)] = plan
            self._by_block.setdefault(id(plan.block), []).append(plan)
        return plan

    def _make_plan(self, name, scope, statements, parents, message, at) -> Optional[_Plan]:
        block = parents.get(id(statements[-1]))
        if block is None or not isinstance(block, (cst.Module, cst.IndentedBlock)):
            self.report(at, message)
            return None
        if any(parents.get(id(s)) is not block for s in statements):
            self.report(at, message + f" (`{name}` is assigned in several blocks)")
            return None
        last = statements[-1]
        single = len(last.body) == 1 and isinstance(last.body[0], cst.Assign) and len(last.body[0].targets) == 1
        if not single or not isinstance(last.body[0].targets[0].target, cst.Name):
            self.report(at, message)
            return None
        after = False
        uses: List[cst.Name] = []
        for stmt in block.body:
            refs = self._references(stmt, name, scope.node)
            if refs is None:
                self.report(at, message + f" (`{name}` is bound again in an inner scope)")
                return None
            for ref in refs:
                kind = self._use_kind(ref, parents)
                if kind == "self":
                    self.report(
                        at,
                        f"`{name}.c` inside a statement built on `{name}` itself: 1.x (and 2.0, with a deprecation "
                        f"warning) added a subquery of `{name}` as a second FROM, a cartesian product; 2.1 raises. If "
                        f"`{name}`'s own columns were meant, use `{name}.selected_columns`; if the subquery was, "
                        f"make it explicit: `{name}_sq = {name}.subquery()`",
                    )
                    return None
                if kind == "from":
                    if not after:
                        self.report(at, message + f" (a use of `{name}` comes before its last assignment)")
                        return None
                    if not self._visited(ref, parents, scope.node):
                        self.report(at, message)
                        return None
                    uses.append(ref)
            if stmt is last:
                after = True
        # FROM uses outside the block (after it, in an enclosing block of the same scope) are not covered
        total = [r for r in (self._references(scope.node, name, scope.node) or ()) if self._use_kind(r, parents) != "plain"]
        if len(total) != len(uses):
            self.report(at, message)
            return None
        return _Plan(name, self._subquery_name(name), last, block, uses)

    def _subquery_name(self, name: str) -> str:
        text = self.state.source_text or self.context.wrapper.module.code  # type: ignore[union-attr]
        base = f"{name}_sq"
        candidate, n = base, 1
        while candidate in self._taken or re.search(rf"\b{re.escape(candidate)}\b", text):
            n += 1
            candidate = f"{base}{n}"
        self._taken.add(candidate)
        return candidate

    def _parents_of(self, scope_node: cst.CSTNode) -> Dict[int, cst.CSTNode]:
        parents = self._parents.get(id(scope_node))
        if parents is None:
            parents = {}

            class Collect(cst.CSTVisitor):
                def on_visit(self, node: cst.CSTNode) -> bool:
                    for child in node.children:
                        parents[id(child)] = node
                    return True

            scope_node.visit(Collect())
            self._parents[id(scope_node)] = parents
        return parents

    def _references(self, root: cst.CSTNode, name: str, scope_node: cst.CSTNode) -> Optional[List[cst.Name]]:
        """The loads of ``name`` under ``root`` that resolve to ``scope_node``'s binding; None when an inner
        scope binds the name too (its references would need their own resolution)."""
        found: List[cst.Name] = []
        names = self.state.names
        shadowed = [False]

        class Walk(cst.CSTVisitor):
            def on_visit(self, node: cst.CSTNode) -> bool:
                if node is not scope_node and isinstance(node, SCOPE_NODES):
                    # a scope of its own, not registered with the traversal's (it has no parent here)
                    if name in Scope(node, None, names).bindings:
                        shadowed[0] = True
                        return False
                if isinstance(node, (cst.Attribute, cst.Arg)):
                    node.value.visit(self)  # an attribute's name and a keyword are not references
                    return False
                if isinstance(node, cst.Name) and node.value == name:
                    found.append(node)
                return True

        root.visit(Walk())
        return None if shadowed[0] else found

    def _use_kind(self, ref: cst.Name, parents: Dict[int, cst.CSTNode]) -> str:
        """"from" (stands as a FROM), "self" (`q.c` inside q's own chain) or "plain" (an assignment target,
        `conn.execute(q)`, `q.where(...)`)."""
        parent = parents.get(id(ref))
        if isinstance(parent, cst.Attribute) and parent.value is ref:
            attr = parent.attr.value
            if attr in _COLUMN_ATTRIBUTES:
                return "self" if self._inside_own_chain(parent, ref.value, parents) else "from"
            grand = parents.get(id(parent))
            if attr == "select" and isinstance(grand, cst.Call) and grand.func is parent:
                return "from"
            return "plain"
        node: cst.CSTNode = ref
        if isinstance(parent, cst.Element):  # select([q])
            node, parent = parent, parents.get(id(parent))
            if isinstance(parent, (cst.List, cst.Tuple)):
                node, parent = parent, parents.get(id(parent))
        if isinstance(parent, cst.Arg) and parent.keyword is None:
            call = parents.get(id(parent))
            if isinstance(call, cst.Call) and any(v is ref for v in self._from_arguments(call)):
                return "from"
        return "plain"

    def _inside_own_chain(self, attribute: cst.Attribute, name: str, parents: Dict[int, cst.CSTNode]) -> bool:
        """Whether ``attribute`` (`q.c`) sits in the arguments of a call chained on `q` itself."""
        node: cst.CSTNode = attribute
        while True:
            parent = parents.get(id(node))
            if parent is None or isinstance(parent, cst.BaseStatement):
                return False
            if isinstance(parent, cst.Arg):
                call = parents.get(id(parent))
                root = _chain_root(call) if isinstance(call, cst.Call) else None
                if root is not None and root.value == name:
                    # `q.select().order_by(q.c.x)` is the subquery's own select: one FROM, as in 1.x
                    head = parents.get(id(root))
                    return not (isinstance(head, cst.Attribute) and head.attr.value == "select")
            node = parent

    def _visited(self, ref: cst.Name, parents: Dict[int, cst.CSTNode], scope_node: cst.CSTNode) -> bool:
        """Whether the traversal enters the statements around ``ref`` (detection may skip a statement
        without a site; a use there could not be renamed, so the hoist is not made)."""
        hot = self.state.hot
        if hot is None:
            return True
        node: Optional[cst.CSTNode] = ref
        while node is not None and node is not scope_node:
            if isinstance(node, cst.BaseStatement) and not hot.get(id(node), True):
                return False
            node = parents.get(id(node))
        return True

    # -- rewriting ---------------------------------------------------------------------------------------

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        plan = self._by_use.get(id(original_node))
        if plan is None:
            return updated_node
        plan.done += 1
        self.changed = True
        return updated_node.with_changes(value=plan.subquery)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if id(original_node) not in self._inline:
            return updated_node
        self.changed = True
        return cst.Call(func=cst.Attribute(value=updated_node, attr=cst.Name("subquery")))

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return self._hoist(original_node, updated_node)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        return self._hoist(original_node, updated_node)

    def _hoist(self, original_node, updated_node):
        plans = self._by_block.get(id(original_node))
        if not plans:
            return updated_node
        body = list(updated_node.body)
        if len(body) != len(original_node.body):
            raise RuntimeError("select-as-from: the block changed shape before the subquery could be hoisted")
        for plan in sorted(plans, key=lambda p: -original_node.body.index(p.statement)):
            if plan.done != len(plan.uses):  # a use the traversal did not reach: never half a rewrite
                raise RuntimeError(f"select-as-from: {plan.done} of {len(plan.uses)} uses of {plan.name} renamed")
            i = original_node.body.index(plan.statement)
            hoisted = cst.SimpleStatementLine(
                body=[
                    cst.Assign(
                        targets=[cst.AssignTarget(cst.Name(plan.subquery))],
                        value=cst.Call(func=cst.Attribute(value=cst.Name(plan.name), attr=cst.Name("subquery"))),
                    )
                ]
            )
            body.insert(i + 1, hoisted)
        self.changed = True
        return updated_node.with_changes(body=body)


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _chain_root(node: cst.BaseExpression) -> Optional[cst.Name]:
    """The name a call chain starts from (`q.where(x).order_by(y)` → `q`), if it starts from one."""
    while True:
        if isinstance(node, cst.Call):
            node = node.func
        elif isinstance(node, cst.Attribute):
            node = node.value
        elif isinstance(node, cst.Name):
            return node
        else:
            return None


def _statement_of(node: cst.CSTNode, parents: Dict[int, cst.CSTNode]) -> Optional[cst.SimpleStatementLine]:
    while node is not None and not isinstance(node, cst.BaseStatement):
        node = parents.get(id(node))  # type: ignore[assignment]
    return node if isinstance(node, cst.SimpleStatementLine) else None
