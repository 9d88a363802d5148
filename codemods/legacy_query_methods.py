"""Legacy `Query` methods: removed in 2.0 (`from_self`, `select_entity_from`, `join(aliased=True)`,
`with_polymorphic()`, negative indexes) or deprecated (`values`, `value`, `add_column`, `with_parent`,
`instances`, `merge_result`). Only receivers proven to be a Query (`session.query(...)` and its generative
chain, a name bound to one, a parameter annotated `Query`) are touched.

Rewritten, safe (each runs on 1.4, 2.0 and 2.1):

* `q.add_column(c)` → `q.add_columns(c)`: 1.4's add_column() was exactly that call.
* `q.values(a, b)` → `iter(q.with_entities(a, b))`: values() iterated a copy of the query with the given
  columns (`iter()` keeps the iterator it returned; it is left out where the call is the iterable of a
  `for` or a comprehension, or the argument of `list()`/`tuple()`/`set()`/`sorted()`).
* `q.value(c)` → `q.with_entities(c).limit(1).scalar()`: 1.4 took the first row of the unlimited query
  and never raised; plain `.scalar()` (the deprecation message's advice) raises MultipleResultsFound on
  more than one row, hence `.limit(1)`. That overrides an earlier `.limit(n)`, the same for every n but
  0: safe when the chain back to `session.query(...)` is in view and has no `limit()`/`slice()`, an unsafe
  fix otherwise.
* `q[-1]`, `q[-3:]`, `q[-3:-1]`, `q[:-2]` → `list(q)[-1]` ...: with negative literal bounds 1.4 loaded every
  row and indexed the list (2.0 raises IndexError). A slice whose literal bounds give `stop - start <= 0`
  returned `[]` without loading and is left alone (it means the same on 2.0).

Reported (the 2.0 form needs an `aliased()` entity and re-targeting of later references, or the method is
only deprecated and its replacement differs in an edge): `from_self()`, `select_entity_from()`,
`join(..., aliased=True)` / `from_joinpoint=True`, the `with_polymorphic()` method, `values()` with a `*args`
argument, negative bounds mixed with bounds that are not literals, `with_parent()` (the method used the
query's current join point as `from_entity`; the function does not), `instances()` and `merge_result()`.
"""

from __future__ import annotations

import ast
from typing import Optional, Set

import libcst as cst

from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind
from sqla_upgrade.matchers import builtin_call

_REPORTED = {
    "from_self": (
        "b8d9",
        "Query.from_self() is removed in 2.0: use sq = q.subquery(); ua = aliased(User, sq); "
        "session.query(ua), and refer to ua.x instead of User.x afterwards",
    ),
    "select_entity_from": (
        "b8d9",
        "Query.select_entity_from() is removed in 2.0: use ua = aliased(User, sq); session.query(ua), and "
        "refer to ua.x instead of User.x afterwards",
    ),
    "with_polymorphic": (
        "b8d9",
        "Query.with_polymorphic() is removed in 2.0: use the with_polymorphic() function: "
        "wp = with_polymorphic(Base, [Sub, ...]); session.query(wp)",
    ),
    "with_parent": (
        None,
        "Query.with_parent() is legacy: use .filter(with_parent(instance, Parent.relationship)) (from "
        "sqlalchemy.orm; pass the query's entity as from_entity when it is an aliased() class or the query has "
        "joined further)",
    ),
    "instances": (
        None,
        "Query.instances() is deprecated: use session.execute(select(User).from_statement(text(...))).scalars()",
    ),
    "merge_result": (
        None,
        "Query.merge_result() is legacy: use sqlalchemy.orm.loading.merge_frozen_result() with a FrozenResult",
    ),
}
_JOINS = ("join", "outerjoin")
_ITERATING_BUILTINS = ("list", "tuple", "set", "sorted", "frozenset")


def legacy_query_site(call: ast.Call) -> bool:
    """detect.py's `where`: a `.join()` only with the 1.x keywords (not `", ".join(...)`)."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in _JOINS:
        return any(k.arg in ("aliased", "from_joinpoint") for k in call.keywords)
    return True


def _negative_literal(node: Optional[cst.BaseExpression]) -> Optional[int]:
    """The value of a literal integer (``-3`` or ``2``), else None."""
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) and isinstance(node.expression, cst.Integer):
        return -int(node.expression.value, 0)
    return None


class LegacyQueryMethods(SqlaCodemod):
    ID = "legacy-query-methods"
    SUMMARY = "Query.add_column()/values()/value(), negative indexes → 2.0 forms; from_self(), select_entity_from(), join(aliased=True), with_polymorphic() reported"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    # A receiver is proven a Query through a `.query(...)` call or a `Query` annotation in the file itself
    # (the index proves no Query: a module-level Query imported from another module is not followed).
    TRIGGERS = (b"query", b"Query")
    SITES = Sites(
        methods=frozenset({"add_column", "values", "value", "join", "outerjoin", *_REPORTED}),
        negative_subscripts=True,
        where=legacy_query_site,
    )
    EMITS = (b".with_entities(", b".add_columns(")
    EXAMPLES = (
        Example(
            before="from sqlalchemy.orm import Session\n\n\ndef names(session: Session):\n"
            "    q = session.query(User).add_column(User.name)\n"
            "    first = session.query(User).value(User.name)\n"
            "    last = session.query(User).order_by(User.id)[-1]\n"
            "    return q, first, last, session.query(User).values(User.id, User.name)\n",
            after="from sqlalchemy.orm import Session\n\n\ndef names(session: Session):\n"
            "    q = session.query(User).add_columns(User.name)\n"
            "    first = session.query(User).with_entities(User.name).limit(1).scalar()\n"
            "    last = list(session.query(User).order_by(User.id))[-1]\n"
            "    return q, first, last, iter(session.query(User).with_entities(User.id, User.name))\n",
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: expressions whose value is iterated at once (a for loop's iterable, list(x), ...): no iter() needed
        self._iterated: Set[int] = set()

    def visit_For(self, node: cst.For) -> None:
        self._iterated.add(id(node.iter))

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._iterated.add(id(node.iter))

    def visit_Call(self, node: cst.Call) -> None:
        if len(node.args) == 1 and not node.args[0].star and node.args[0].keyword is None:
            if builtin_call(node, self.state.names, *_ITERATING_BUILTINS):  # type: ignore[arg-type]
                self._iterated.add(id(node.args[0].value))

    # -- method calls ---------------------------------------------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not isinstance(func, cst.Attribute):
            return updated_node
        method = func.attr.value
        if method not in _REPORTED and method not in ("add_column", "values", "value") + _JOINS:
            return updated_node
        if self.kind_of(func.value) != Kind.QUERY:
            return updated_node
        if method in _REPORTED:
            code, message = _REPORTED[method]
            self.report(original_node, message, code=code)
            return updated_node
        if method in _JOINS:
            flags = [a.keyword.value for a in original_node.args if a.keyword is not None and a.keyword.value in ("aliased", "from_joinpoint")]
            if flags:
                self.report(
                    original_node,
                    f"Query.{method}({flags[0]}=...) is removed in 2.0: join an explicit aliased() target, "
                    f"e.g. a = aliased(Child); q.{method}(Parent.children.of_type(a)), and filter on a.x",
                    code="b8d9",
                )
            return updated_node
        new_func = updated_node.func
        if not isinstance(new_func, cst.Attribute):
            return updated_node
        args = original_node.args
        plain = len(args) == 1 and not args[0].star and (args[0].keyword is None or args[0].keyword.value == "column")
        if method == "add_column":
            if not plain:
                self.report(original_node, "Query.add_column() is deprecated: use add_columns(column) (not rewritten: its arguments are not one column)")
                return updated_node
            column = updated_node.args[0].with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
            return updated_node.with_changes(func=new_func.with_changes(attr=cst.Name("add_columns")), args=[column])
        if method == "value" and not plain:
            self.report(original_node, "Query.value() is deprecated: use q.with_entities(column).limit(1).scalar() (not rewritten: its arguments are not one column)")
            return updated_node
        if method == "values" and (not args or any(a.keyword is not None or a.star == "**" for a in args)):
            self.report(original_node, "Query.values() is deprecated: use iter(q.with_entities(*columns)) (not rewritten: its arguments are not columns)")
            return updated_node
        if method == "values":
            if any(a.star for a in args):
                self.report(
                    original_node,
                    "Query.values() is deprecated: use iter(q.with_entities(*columns)) (not rewritten: with no "
                    "columns values() returned an empty iterator, with_entities() selects nothing)",
                )
                return updated_node
            entities = updated_node.with_changes(func=new_func.with_changes(attr=cst.Name("with_entities")), lpar=[], rpar=[])
            if id(original_node) in self._iterated or self.state.names.lookup("iter") is not None:  # type: ignore[union-attr]
                if id(original_node) not in self._iterated:
                    self.report(original_node, "Query.values() is deprecated: use iter(q.with_entities(...)) (not rewritten: iter is rebound here)")
                    return updated_node
                return entities.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
            return cst.Call(func=cst.Name("iter"), args=[cst.Arg(entities)], lpar=updated_node.lpar, rpar=updated_node.rpar)
        # value(c)
        if not self._visible_without_limit(func.value) and not self.allow_unsafe(
            original_node,
            "Query.value() is deprecated: use q.with_entities(c).limit(1).scalar() (the limit(1) replaces a "
            "limit() this query may already have; value() took the first row and never raised)",
        ):
            return updated_node
        column = updated_node.args[0].with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
        entities = cst.Call(func=new_func.with_changes(attr=cst.Name("with_entities")), args=[column])
        limited = cst.Call(func=cst.Attribute(value=entities, attr=cst.Name("limit")), args=[cst.Arg(cst.Integer("1"))])
        return cst.Call(func=cst.Attribute(value=limited, attr=cst.Name("scalar")), lpar=updated_node.lpar, rpar=updated_node.rpar)

    def _visible_without_limit(self, node: cst.BaseExpression) -> bool:
        """The chain back to `<session>.query(...)` is in view and sets no LIMIT."""
        while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            method = node.func.attr.value
            if method == "query":
                return self.kind_of(node.func.value) in (Kind.SESSION, Kind.SCOPED_SESSION)
            if method in ("limit", "slice", "from_statement", "with_session"):
                return False
            node = node.func.value
        return False

    # -- negative indexes -----------------------------------------------------------------------------

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        if len(original_node.slice) != 1:
            return updated_node
        part = original_node.slice[0].slice
        if isinstance(part, cst.Index):
            bounds = [part.value]
        elif isinstance(part, cst.Slice):
            bounds = [b for b in (part.lower, part.upper) if b is not None]
        else:
            return updated_node
        values = [_negative_literal(b) for b in bounds]
        if not any(v is not None and v < 0 for v in values):
            return updated_node
        if self.kind_of(original_node.value) != Kind.QUERY:
            return updated_node
        message = "negative indexes on a Query are removed in 2.0 (1.x loaded every row for them): use list(q)[...]"
        if any(v is None for v in values):
            self.report(original_node, f"{message} (not rewritten: a bound is not a literal)", code="b8d9")
            return updated_node
        if isinstance(part, cst.Slice) and part.lower is not None and part.upper is not None:
            if values[1] - values[0] <= 0:  # type: ignore[operator]
                return updated_node  # 1.x returned [] without a query, as 2.0 does
        if self.state.names.lookup("list") is not None:  # type: ignore[union-attr]
            self.report(original_node, f"{message} (not rewritten: list is rebound here)", code="b8d9")
            return updated_node
        value = updated_node.value
        listed = cst.Call(func=cst.Name("list"), args=[cst.Arg(value.with_changes(lpar=[], rpar=[]) if value.lpar else value)])
        return updated_node.with_changes(value=listed)
