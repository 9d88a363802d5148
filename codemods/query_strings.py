"""String attribute names in `Query.join()`, loader options and `with_parent()` → class-bound attributes;
join tuples and relationship chains → one `.join()` per hop.

1.x resolved a string against an entity at run time: a loader option's first token against the query's
first entity (a `Load(X)` against X), each later token against the target of the relationship before it,
a `Query.join()` string against the query's entity (each `.join()` call starts there again; within one call
a string follows the previous hop), `with_parent(obj, "prop")` against `type(obj)`. 2.0 raises ArgumentError
for every one of them ("Strings are not accepted for attribute names in loader options", "Join target ...
expected, got 'addresses'", "with_parent() accepts class-bound mapped attributes, not strings"). The
class-bound forms written here run on 1.4, 2.0 and 2.1.

Rewritten (safe when the query's Session is proven, an unsafe fix when only `<x>.query(Model)` is):

* `session.query(User).options(joinedload("addresses"))` → `...options(joinedload(User.addresses))`, for
  joinedload, subqueryload, selectinload, lazyload, raiseload, noload, immediateload, defaultload,
  contains_eager, defer, undefer (by qualified name from sqlalchemy.orm), when the option is an argument of
  `.options()` of a query whose single entity is a mapped class the project index knows
  (`session.query(User)` and its filter/order_by/join/... links, a name bound only to such a query,
  `select(User)`), or the chain starts at `Load(User)`; `load_only("a", "b")` → `load_only(User.a, User.b)`.
* Chained options take the target of the previous hop: `joinedload(User.orders).joinedload("items")` →
  `...joinedload(Order.items)`.
* Dotted paths keep 1.x's meaning, which loaded only the last hop with the named strategy:
  `joinedload("orders.items")` → `defaultload(User.orders).joinedload(Order.items)` (contains_eager applied
  to every hop: `contains_eager(User.orders).contains_eager(Order.items)`).
* `query.join("addresses")` → `query.join(User.addresses)`; `join("orders", "items")` →
  `join(User.orders).join(Order.items)`; `join(Address, "addresses")` → `join(Address, User.addresses)`.
* `query.join((Address, User.addresses))` → `query.join(Address, User.addresses)`, several tuples → one
  `.join()` each; `query.join(User.orders, Order.items)` → `.join(User.orders).join(Order.items)` when both
  are relationships the index knows (two arguments are otherwise the valid (target, onclause) form);
  `isouter=`/`full=` go to every hop, as 1.x applied them.
* `with_parent(user, "addresses")` (the function, and `Query.with_parent`) → `with_parent(user,
  User.addresses)` when `user` is bound only to `User(...)` or to a query result of User (then only if no
  subclass of User in the project declares `addresses` itself).

A class a later hop needs is spelled through a name the module already has for it, or imported (`from
app.models import Address`) when the index says where it lives and that import forms no cycle.

Reported (2.0 raises ArgumentError for each): a string this codemod cannot resolve: the entity is not fixed
(an option built elsewhere, several entities, `select_from()`/`with_entities()` before it, an unknown
receiver), the index does not know the class or the attribute (classical mappings, `declared_attr`), a hop
whose target is unknown, an attribute of the wrong kind for the option, a class that cannot be named
here, `join(..., aliased=True)` / `from_joinpoint=True`, `contains_eager("a.b", alias=...)`.

Never touched: `"*"` wildcards (`raiseload("*")`, `defer("*")`, `Load(User).lazyload("*")`) and
`undefer_group("g")`, which 2.0 still accepts; already class-bound options; a user's own `joinedload`;
`", ".join(...)`, `os.path.join(...)` and any `.join()` whose receiver is not a proven or evident Query.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Set, Tuple

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind, sqla_names
from sqla_upgrade.matchers import bound_bindings
from sqla_upgrade.scopes import LOCAL, BindingKind

_ORM = ("sqlalchemy.orm", "sqlalchemy.orm.strategy_options")
RELATIONSHIP_LOADERS = frozenset(
    {"joinedload", "subqueryload", "selectinload", "lazyload", "raiseload", "noload", "immediateload",
     "defaultload", "contains_eager", "eagerload"}
)
COLUMN_LOADERS = frozenset({"defer", "undefer", "load_only"})
LOADERS = RELATIONSHIP_LOADERS | COLUMN_LOADERS
LOADER_CALLS = frozenset(f"{m}.{n}" for m in _ORM for n in LOADERS)
LOAD_CLASS = frozenset(f"{m}.Load" for m in _ORM)
WITH_PARENT = frozenset({"sqlalchemy.orm.with_parent", "sqlalchemy.orm.util.with_parent"})
_SELECT = frozenset(sqla_names("select") | {"sqlalchemy.future.select"})

#: Query/Select links that keep the entity a string resolves against (not select_from, with_entities,
#: from_self, select_entity_from, add_entity: they change or add the entity 1.x looked at)
ENTITY_LINKS = frozenset(
    {"filter", "filter_by", "where", "order_by", "group_by", "having", "limit", "offset", "distinct", "join",
     "outerjoin", "options", "populate_existing", "with_for_update", "execution_options", "enable_eagerloads",
     "autoflush", "yield_per", "params", "correlate", "with_hint", "prefix_with", "suffix_with",
     "reset_joinpoint", "enable_assertions", "with_parent", "execution_options"}
)
#: Query links that change the entities 1.x resolved a string against, at compile time: a string given
#: before them in the chain was looked up on what they set
ENTITY_CHANGERS = frozenset({"with_entities", "select_from", "from_self", "select_entity_from", "values", "value"})
_RESULTS = frozenset({"first", "one", "one_or_none", "get"})
CODE = "b8d9"
_LONE = "__main__"
_AFTER_HOP = "the target class of the relationship before it is not known to the project index"


def has_string_tuple_or_pair(call: ast.Call) -> bool:
    """A call that may hold a string attribute name, a join tuple or a relationship chain."""
    return len(call.args) >= 2 or any(
        isinstance(a, ast.Tuple) or (isinstance(a, ast.Constant) and isinstance(a.value, str)) for a in call.args
    )


def _string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower():
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _positional(call: cst.Call) -> List[cst.Arg]:
    return [a for a in call.args if a.keyword is None and not a.star]


def _bare(arg: cst.Arg) -> cst.Arg:
    return arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)


@dataclass
class Entity:
    """The mapped class a string resolves against, and an expression naming it at the use."""

    qualified: str
    hint: Optional[cst.BaseExpression] = None
    #: whether mappers are configured when the option is built (a Session's query(), Load()): then
    #: backref attributes exist on the class; after select(User) they may not yet
    configured: bool = True


@dataclass
class QueryRoot:
    #: what a loader option's string resolves against: the query's single entity
    entity: Optional[Entity]
    #: the Session (or select()) is proven; else only `<x>.query(Model)` is seen
    proven: bool
    is_query: bool = True
    #: what a join() string resolves against: the class of the query's first entity (`query(User, ...)`,
    #: `query(User.name, ...)`)
    join_entity: Optional[Entity] = None
    #: why ``entity`` is None, for the finding
    why: str = ""


_BACK = QueryRoot(None, proven=True)
#: the .options() of something that is not a query this codemod can follow
_UNKNOWN_QUERY = QueryRoot(None, proven=False)
_CHANGED = "with_entities()/select_from()/from_self() later in the chain changes the entity 1.x resolved it against"
_CHANGED_LATER = QueryRoot(None, proven=False, why=_CHANGED)


class Unresolved(Exception):
    """A string that cannot be rewritten: the message of its finding."""


def _why(single: Optional[cst.BaseExpression]) -> str:
    if single is None:
        return "the query has several entities (1.x looked only at the first mapper entity)"
    return "the query's entity is not a mapped class the project index knows (a classical mapping, a class defined in a function)"


def _unresolved(text: str, reason: str) -> str:
    return f"string attribute name {text!r}: 2.0 accepts only class-bound attributes (raises ArgumentError); not rewritten: {reason}"


_MODELS = (
    "from sqlalchemy import Column, ForeignKey, Integer\n"
    "from sqlalchemy.orm import Session, declarative_base, joinedload, relationship\n\n"
    "Base = declarative_base()\n\n\n"
    "class User(Base):\n"
    '    __tablename__ = "users"\n'
    "    id = Column(Integer, primary_key=True)\n"
    '    orders = relationship("Order")\n\n\n'
    "class Order(Base):\n"
    '    __tablename__ = "orders"\n'
    "    id = Column(Integer, primary_key=True)\n"
    '    user_id = Column(ForeignKey("users.id"))\n'
    '    items = relationship("Item")\n\n\n'
)


class QueryStrings(SqlaCodemod):
    ID = "query-strings"
    SUMMARY = "string attribute names in join()/loader options/with_parent() → class-bound attributes; join tuples and chains → one join() per hop"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = CODE
    MIN_TARGET = "2.0"
    TRIGGERS = (b"join", b"load", b"Load", b"defer", b"contains_eager", b"with_parent")
    SITES = Sites(
        calls=LOADER_CALLS | LOAD_CLASS | WITH_PARENT,
        methods=frozenset({"join", "outerjoin", "with_parent"} | LOADERS),
        where=has_string_tuple_or_pair,
    )
    EXAMPLES = (
        Example(
            before=_MODELS + "def users(session: Session):\n"
            '    return session.query(User).options(joinedload("orders")).join("orders").all()\n',
            after=_MODELS + "def users(session: Session):\n"
            "    return session.query(User).options(joinedload(User.orders)).join(User.orders).all()\n",
        ),
        Example(
            before=_MODELS + "def users(session: Session):\n"
            '    return session.query(User).options(joinedload("orders.items")).all()\n',
            after=_MODELS.replace("import Session,", "import defaultload, Session,") + "def users(session: Session):\n"
            "    return session.query(User).options(defaultload(User.orders).joinedload(Order.items)).all()\n",
        ),
        Example(
            before=_MODELS + "def users(session: Session):\n"
            "    return session.query(User).join((Order, User.orders), isouter=True).join(Order.items).all()\n",
            after=_MODELS + "def users(session: Session):\n"
            "    return session.query(User).join(Order, User.orders, isouter=True).join(Order.items).all()\n",
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: option calls that are arguments of a query's .options(): id → the query root (or None)
        self._option_roots: Dict[int, Optional[QueryRoot]] = {}
        #: inner links of a loader chain (handled with their outermost link)
        self._inner: Set[int] = set()
        #: calls of a query chain that an entity-changing link (with_entities(), ...) follows
        self._changed_later: Set[int] = set()
        #: scope → the names an entity-changing link is called on there
        self._changed_names: Dict[int, Set[str]] = {}
        #: names this codemod imported: name → qualified class
        self._imported: Dict[str, str] = {}
        #: imports the rewrite being built needs (scheduled only if it is applied)
        self._pending: List[Tuple[str, str]] = []

    # -- what the names are -----------------------------------------------------------------------------

    @property
    def _index(self):
        return self.state.names.index  # type: ignore[union-attr]

    def _module_name(self) -> str:
        return self.state.names.module_name or _LONE  # type: ignore[union-attr]

    def _class_of(self, node: cst.BaseExpression) -> Optional[str]:
        """The canonical name of the mapped class ``node`` names here, when the index knows it mapped."""
        index = self._index
        if index is None or not isinstance(node, (cst.Name, cst.Attribute)):
            return None
        names = self.state.names
        qualified = self.qualified_names(node)
        if qualified == {LOCAL} and isinstance(node, cst.Name):
            found = names.lookup(node.value)  # type: ignore[union-attr]
            if found is None or not found[0].is_module or not all(b.kind == BindingKind.CLASS for b in found[1]):
                return None
            qualified = {f"{self._module_name()}.{node.value}"}
        if len(qualified) != 1 or LOCAL in qualified:
            return None
        name = index.canonical(next(iter(qualified)))
        return name if index.kind(name) == Kind.MAPPED_CLASS else None

    def _attribute(self, entity: Entity, name: str, want: str) -> Tuple[str, Optional[str]]:
        """What ``name`` is on the entity: (kind, target class); Unresolved when not what ``want`` needs."""
        cls = entity.qualified.rsplit(".", 1)[-1]
        found = self._index.mapped_attribute(entity.qualified, name)
        if found is None:
            raise Unresolved(f"the project index does not know an attribute {name!r} of {cls}")
        kind, target = found
        if kind == "backref" and not entity.configured:
            raise Unresolved(f"{cls}.{name} is a backref, which exists only once mappers are configured")
        if want == "relationship" and kind == "column":
            raise Unresolved(f"{cls}.{name} is a column, not a relationship")
        if want == "column" and kind != "column":
            raise Unresolved(f"{cls}.{name} is a relationship, not a column")
        return kind, target

    def _bound_target(self, node: cst.BaseExpression) -> Optional[str]:
        """The target class of a class-bound relationship attribute (``User.orders``,
        ``User.orders.of_type(Order)``), when the index knows it."""
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "of_type":
            args = _positional(node)
            return self._class_of(args[0].value) if len(args) == 1 and len(node.args) == 1 else None
        if not isinstance(node, cst.Attribute):
            return None
        owner = self._class_of(node.value)
        if owner is None:
            return None
        found = self._index.mapped_attribute(owner, node.attr.value)
        return found[1] if found is not None and found[0] != "column" else None

    def _spell(self, qualified: str, hint: Optional[cst.BaseExpression]) -> cst.BaseExpression:
        """An expression for the class ``qualified`` valid at the use: a name the module has for it, or
        one imported (Unresolved when neither)."""
        short = qualified.rsplit(".", 1)[-1]
        candidates: List[cst.BaseExpression] = []
        if hint is not None:
            candidates.append(hint)
            if isinstance(hint, cst.Attribute):
                candidates.append(cst.Attribute(value=hint.value, attr=cst.Name(short)))
        candidates.append(cst.Name(short))
        for candidate in candidates:
            if self._class_of(candidate) == qualified:
                return candidate.deep_clone()
        if self._imported.get(short) == qualified:
            return cst.Name(short)
        names = self.state.names
        module = qualified.rsplit(".", 1)[0]
        current = names.module_name  # type: ignore[union-attr]
        module_scope = names.current.module_scope()  # type: ignore[union-attr]
        free = names.lookup(short) is None and not module_scope.star_imports and short not in self._imported  # type: ignore[union-attr]
        if not current or not free or module == current:
            raise Unresolved(f"{short} ({qualified}) cannot be named here (the name is unbound or means something else)")
        if self._imports_module(module, current):
            raise Unresolved(f"{short} ({qualified}) is not imported here and importing it would form an import cycle")
        self._pending.append((module, short))
        self._imported[short] = qualified
        return cst.Name(short)

    def _imports_module(self, start: str, wanted: str) -> bool:
        """Whether importing ``start`` (and its packages) imports ``wanted`` at module level."""
        index = self._index
        parts = start.split(".")
        todo = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
        seen: Set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            if name == wanted:
                return True
            module = index.modules.get(name)
            if module is None:
                continue
            for target in list(module.imports.values()) + list(module.star_imports):
                pieces = target.split(".")
                todo.extend(".".join(pieces[:i]) for i in range(1, len(pieces) + 1))
        return False

    # -- the query a string belongs to ------------------------------------------------------------------

    def _query_root(self, node: cst.BaseExpression, _seen: Optional[Set[str]] = None) -> Optional[QueryRoot]:
        """The query ``node`` is (through entity-keeping links and plain names), and its entity."""
        while (
            isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in ENTITY_LINKS
        ):
            node = node.func.value
        if isinstance(node, cst.Name):
            return self._named_root(node, _seen or set())
        if not isinstance(node, cst.Call):
            return None
        args = node.args
        single = args[0].value if len(args) == 1 and args[0].keyword is None and not args[0].star else None
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "query":
            receiver = self.kind_of(func.value)
            if receiver not in (Kind.SESSION, Kind.SCOPED_SESSION, Kind.UNKNOWN):
                return None
            cls = self._class_of(single) if single is not None else None
            first = args[0].value if args and args[0].keyword is None and not args[0].star else None
            lead = self._class_of(first) if first is not None else None
            if lead is None and isinstance(first, cst.Attribute):
                lead, first = self._class_of(first.value), first.value
            if lead is None and receiver == Kind.UNKNOWN:
                return None
            return QueryRoot(
                Entity(cls, single) if cls else None, proven=receiver != Kind.UNKNOWN,
                join_entity=Entity(lead, first) if lead else None, why=_why(single),
            )
        if isinstance(func, (cst.Name, cst.Attribute)) and self.qualified_names(func) & _SELECT:
            cls = self._class_of(single) if single is not None else None
            return QueryRoot(Entity(cls, single, configured=False) if cls else None, proven=True, is_query=False, why=_why(single))
        return None

    def _named_root(self, node: cst.Name, seen: Set[str]) -> Optional[QueryRoot]:
        # `q = session.query(User)` ... `q = q.filter(...)`: every binding must be such a query (those that
        # refer back to the name keep what the others say)
        if node.value in seen:
            return _BACK  # a link back to the name: it keeps what the other bindings say
        bindings = bound_bindings(node, self.state.names)  # type: ignore[arg-type]
        if not bindings or self._changed_elsewhere(node.value, bindings[0].scope):
            return None
        roots = []
        for b in bindings:
            with self.state.names.within(b.scope):  # type: ignore[union-attr]
                root = self._query_root(b.value, seen | {node.value})
            if root is None:
                return None
            roots.append(root)
        own = [r for r in roots if r is not _BACK]
        if not own:
            return None
        proven = all(r.proven for r in own)
        if len({r.is_query for r in own}) != 1:
            return QueryRoot(None, proven=proven, is_query=own[0].is_query)

        def agreed(entities: List[Optional[Entity]]) -> Optional[Entity]:
            return entities[0] if len({e.qualified if e else None for e in entities}) == 1 else None

        return QueryRoot(
            agreed([r.entity for r in own]), proven=proven, is_query=own[0].is_query,
            join_entity=agreed([r.join_entity for r in own]),
        )

    def _changed_elsewhere(self, name: str, scope) -> bool:
        """Whether the scope that binds the query ``name`` also calls an entity-changing link on it
        (`q.with_entities(...)`): 1.x then resolved the strings given to q against what that link set."""
        key = id(scope)
        if key not in self._changed_names and not any(w in self.state.source_text for w in ENTITY_CHANGERS):
            self._changed_names[key] = set()  # none of those links is spelled in the file: no walk needed
        if key not in self._changed_names:
            found: Set[str] = set()

            class Uses(cst.CSTVisitor):
                def visit_Attribute(self, node: cst.Attribute) -> None:
                    if isinstance(node.value, cst.Name) and node.attr.value in ENTITY_CHANGERS:
                        found.add(node.value.value)

            scope.node.visit(Uses())
            self._changed_names[key] = found
        return name in self._changed_names[key]

    # -- the traversal ----------------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        # `q = session.query(User).join("a")` and later `q.with_entities(...)`: the chain assigned is
        # changed afterwards through the name
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            name = node.targets[0].target.value
            if self._changed_elsewhere(name, self.state.names.current):  # type: ignore[union-attr]
                self._mark_chain(node.value)

    def _mark_chain(self, node: cst.BaseExpression) -> None:
        while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            self._changed_later.add(id(node))
            node = node.func.value

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in ENTITY_CHANGERS:
            self._mark_chain(func.value)
        if isinstance(func, cst.Attribute) and func.attr.value == "options" and node.args:
            root = self._query_root(func.value) if id(node) not in self._changed_later else _CHANGED_LATER
            for arg in node.args:
                self._option_roots[id(arg.value)] = root if root is not None else _UNKNOWN_QUERY
        if id(node) not in self._inner and self._loader_links(node) is not None:
            inner = node.func
            while isinstance(inner, cst.Attribute) and isinstance(inner.value, cst.Call):
                self._inner.add(id(inner.value))
                inner = inner.value.func

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if id(original_node) in self._inner:
            return updated_node
        imported = dict(self._imported)
        self._pending = []
        try:
            result = self._rewrite(original_node, updated_node)
        except Unresolved as why:
            self.report(original_node, str(why))
            result = updated_node
        if result is not updated_node and _code(result) == _code(updated_node):
            result = updated_node
        if result is updated_node:
            self._imported = imported
        else:
            for module, name in self._pending:
                AddImportsVisitor.add_needed_import(self.context, module, name)
        self._pending = []
        return result

    def _rewrite(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        links = self._loader_links(original_node)
        if links is not None:
            return self._options(original_node, updated_node, links)
        if isinstance(func, (cst.Name, cst.Attribute)) and self.qualified_names(func) & WITH_PARENT:
            return self._with_parent(original_node, updated_node, method=False)
        if isinstance(func, cst.Attribute) and func.attr.value in ("join", "outerjoin"):
            return self._join(original_node, updated_node)
        if isinstance(func, cst.Attribute) and func.attr.value == "with_parent":
            if self.kind_of(func.value) == Kind.QUERY or self._query_root(func.value) is not None:
                return self._with_parent(original_node, updated_node, method=True)
        return updated_node

    # -- loader options ---------------------------------------------------------------------------------

    def _loader_links(self, call: cst.Call) -> Optional[List[Tuple[str, cst.Call]]]:
        """The links of a loader option chain, root first: ("Load", Load(X)) or (loader, loader(...)),
        then (method, call) for each `.loader(...)`; None when ``call`` is not one."""
        links: List[Tuple[str, cst.Call]] = []
        node = call
        while isinstance(node.func, cst.Attribute) and node.func.attr.value in LOADERS and isinstance(node.func.value, cst.Call):
            links.append((node.func.attr.value, node))
            node = node.func.value
        if not isinstance(node.func, (cst.Name, cst.Attribute)):
            return None
        qualified = self.qualified_names(node.func)
        if qualified & LOAD_CLASS:
            links.append(("Load", node))
        elif qualified & LOADER_CALLS:
            links.append((next(iter(qualified & LOADER_CALLS)).rsplit(".", 1)[-1], node))
        else:
            return None
        links.reverse()
        return links

    def _options(self, original: cst.Call, updated: cst.Call, links: List[Tuple[str, cst.Call]]) -> cst.BaseExpression:
        if not any(_string(a.value) not in (None, "*") for _, link in links for a in link.args):
            return updated
        # the same chain in the updated tree (its links were left unchanged: they are inner)
        new_links: List[cst.Call] = []
        node = updated
        for _ in links[1:]:
            new_links.append(node)
            node = node.func.value  # type: ignore[attr-defined]
        new_links.append(node)
        new_links.reverse()
        root_name, root = links[0]
        context = self._option_roots.get(id(original))
        proven = True
        if root_name == "Load":
            args = _positional(root)
            cls = self._class_of(args[0].value) if len(args) == 1 and len(root.args) == 1 else None
            current: Optional[Entity] = Entity(cls, args[0].value) if cls else None
            reason = "the class given to Load() is not a mapped class the project index knows"
        elif context is not None and context.entity is not None:
            current, proven = context.entity, context.proven
        else:
            current = None
            if context is None:
                reason = "the option is built away from the query it is given to"
            elif context is _UNKNOWN_QUERY:
                reason = "the query it is given to has no entity the project index knows as a mapped class"
            else:
                reason = context.why or "the query's entity is not fixed here (select_from()/with_entities() before it, or a query the tool cannot follow)"
        hint = current.hint if current is not None else None
        out: Optional[cst.BaseExpression] = None
        for i, ((name, link), new) in enumerate(zip(links, new_links)):
            if name == "Load":
                out = new
                continue
            if i == 0:
                out, current = self._root_option(name, link, new, current, hint, reason if current is None else "")
            else:
                out, current = self._method_option(name, link, new, out, current, hint)
        if not proven and not self.allow_unsafe(
            original,
            "string attribute names in loader options are removed in 2.0: class-bound attributes written here "
            "(the query's Session is not proven to be one)",
        ):
            return updated
        return out  # type: ignore[return-value]

    def _hop(self, entity: Optional[Entity], value: cst.BaseExpression, want: str, hint, reason: str):
        """One attribute token: the expression to write and the entity after it."""
        text = _string(value)
        if text is None:
            target = self._bound_target(value)
            return value, (Entity(target, hint) if target else None)
        if "*" in text or ":" in text:
            if text == "*":
                return value, None
            raise Unresolved(f"loader path {text!r}: wildcard tokens inside a path are not rewritten")
        if entity is None:
            raise Unresolved(_unresolved(text, reason or _AFTER_HOP))
        try:
            kind, target = self._attribute(entity, text, want)
            owner = self._spell(entity.qualified, entity.hint)
        except Unresolved as why:
            raise Unresolved(_unresolved(text, str(why))) from None
        after = Entity(target, hint, entity.configured) if target else None
        return cst.Attribute(value=owner, attr=cst.Name(text)), after

    def _root_option(self, name, link, new, entity, hint, reason):
        keys = _positional(link)
        if len(keys) != len([a for a in link.args if a.keyword is None]):
            raise Unresolved(f"{name}(*...) with string attribute names: not rewritten, the path is not known here")
        want = "column" if name in COLUMN_LOADERS else "relationship"
        if name == "load_only":
            values = []
            for a in keys:
                text = _string(a.value)
                if text is not None and "." in text:
                    raise Unresolved(f"load_only({text!r}): a dotted name is not an attribute of one entity")
                values.append(self._hop(entity, a.value, want, hint, reason)[0])
            return self._replace_args(new, values), None
        tokens: List[cst.BaseExpression] = []
        for a in keys:
            text = _string(a.value)
            if text is not None and text != "*" and "." in text:
                tokens.extend(cst.SimpleString(repr(t)) for t in text.split("."))
            else:
                tokens.append(a.value)
        if len(tokens) == len(keys) == 1:
            value, after = self._hop(entity, keys[0].value, want, hint, reason)
            return self._replace_args(new, [value]), after
        if any(_string(t) == "*" for t in tokens):
            raise Unresolved(f"{name}() path with a wildcard token: not rewritten")
        chained = name == "contains_eager"
        keywords = [_bare(a) for a in new.args if a.keyword is not None]
        if chained and keywords:
            raise Unresolved("contains_eager() with a dotted path and keyword arguments: 1.x applied them to every hop; rewrite by hand")
        out: Optional[cst.BaseExpression] = None
        for j, token in enumerate(tokens):
            last = j == len(tokens) - 1
            method = name if (last or chained) else "defaultload"
            value, entity = self._hop(entity, token, "relationship" if not last else want, hint, reason if j == 0 else _AFTER_HOP)
            args = [cst.Arg(value)] + (keywords if last or chained else [])
            if out is None:
                out = cst.Call(func=self._loader_func(new.func, method), args=args)
            else:
                out = cst.Call(func=cst.Attribute(value=out, attr=cst.Name(method)), args=args)
        return out.with_changes(lpar=new.lpar, rpar=new.rpar), entity  # type: ignore[union-attr]

    def _method_option(self, name, link, new, out, entity, hint):
        keys = _positional(link)
        want = "column" if name in COLUMN_LOADERS else "relationship"
        attrs = keys if name == "load_only" else keys[:1]
        values = []
        after = None
        for a in attrs:
            text = _string(a.value)
            if text is not None and "." in text:
                raise Unresolved(f".{name}({text!r}): a dotted name in a chained option is not an attribute")
            value, after = self._hop(entity, a.value, want, hint, "")
            values.append(value)
        rebuilt = self._replace_args(new, values, count=len(attrs))
        return rebuilt.with_changes(func=rebuilt.func.with_changes(value=out)), (None if name == "load_only" else after)

    def _replace_args(self, call: cst.Call, values: Sequence[cst.BaseExpression], count: Optional[int] = None) -> cst.Call:
        args = list(call.args)
        positions = [i for i, a in enumerate(args) if a.keyword is None and not a.star][: count if count is not None else len(values)]
        for i, value in zip(positions, values):
            args[i] = args[i].with_changes(value=value)
        return call.with_changes(args=args)

    def _loader_func(self, func: cst.BaseExpression, name: str) -> cst.BaseExpression:
        """``name`` from sqlalchemy.orm, spelled like the option's own callee (``orm.joinedload`` →
        ``orm.defaultload``)."""
        if isinstance(func, cst.Attribute):
            if name == func.attr.value:
                return func
            candidate = cst.Attribute(value=func.value, attr=cst.Name(name))
            if self.qualified_names(candidate) & LOADER_CALLS:
                return candidate
        elif isinstance(func, cst.Name) and func.value == name:
            return func
        found = self.state.names.lookup(name)  # type: ignore[union-attr]
        if found is not None and not all(
            b.kind == BindingKind.IMPORT and b.qualified in LOADER_CALLS for b in found[1]
        ):
            raise Unresolved(f"the path needs sqlalchemy.orm.{name}, and the name {name} means something else here")
        if found is None:
            self._pending.append(("sqlalchemy.orm", name))
        return cst.Name(name)

    # -- with_parent ------------------------------------------------------------------------------------

    def _with_parent(self, original: cst.Call, updated: cst.Call, method: bool) -> cst.BaseExpression:
        args = _positional(original)
        if len(args) < 2 or _string(args[1].value) is None:
            return updated
        text = _string(args[1].value)
        prefix = "Query.with_parent()" if method else "with_parent()"
        cls = self._instance_class(args[0].value)
        if cls is None:
            raise Unresolved(f"{prefix} with the string {text!r}: 2.0 accepts only a class-bound relationship; not rewritten: the class of the instance is not known here")
        try:
            self._attribute(Entity(cls, None), text, "relationship")  # type: ignore[arg-type]
            value = cst.Attribute(value=self._spell(cls, None), attr=cst.Name(text))  # type: ignore[arg-type]
        except Unresolved as why:
            raise Unresolved(f"{prefix} with the string {text!r}: 2.0 accepts only a class-bound relationship; not rewritten: {why}") from None
        position = [i for i, a in enumerate(original.args) if a is args[1]][0]
        new_args = list(updated.args)
        new_args[position] = new_args[position].with_changes(value=value)
        return updated.with_changes(args=new_args)

    def _instance_class(self, node: cst.BaseExpression) -> Optional[str]:
        if not isinstance(node, cst.Name):
            return None
        bindings = bound_bindings(node, self.state.names)  # type: ignore[arg-type]
        if not bindings:
            return None
        classes = set()
        for b in bindings:
            with self.state.names.within(b.scope):  # type: ignore[union-attr]
                classes.add(self._value_class(b.value))
        if len(classes) != 1 or None in classes:
            return None
        cls, exact = classes.pop()
        return cls if exact or not self._overridden(cls, node) else None

    def _value_class(self, value: cst.BaseExpression) -> Optional[Tuple[str, bool]]:
        """(class, exact) of what ``value`` evaluates to: `User(...)` (exact), a query result of User."""
        if not isinstance(value, cst.Call):
            return None
        cls = self._class_of(value.func) if isinstance(value.func, (cst.Name, cst.Attribute)) else None
        if cls is not None:
            return cls, True
        func = value.func
        if isinstance(func, cst.Attribute) and func.attr.value in _RESULTS:
            root = self._query_root(func.value)
            if root is not None and root.proven and root.is_query and root.entity is not None:
                return root.entity.qualified, False
        return None

    def _overridden(self, cls: str, node: cst.Name) -> bool:
        # A query of User may return a subclass instance: 1.x looked the name up on type(obj)
        del node
        index = self._index
        for module_name, module in index.modules.items():
            for name, facts in module.classes.items():
                qualified = f"{module_name}.{name}"
                if qualified != cls and cls in index.class_lineage(qualified):
                    return True  # any subclass: its own attributes are not checked one by one
        return False

    # -- Query.join -------------------------------------------------------------------------------------

    def _join(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = original.func
        assert isinstance(func, cst.Attribute)
        positional = _positional(original)
        if not positional or len(positional) != len([a for a in original.args if a.keyword is None]):
            return updated
        strings = any(_string(a.value) is not None for a in positional)
        tuples = any(isinstance(a.value, cst.Tuple) for a in positional)
        if not strings and not tuples and len(positional) < 2:
            return updated
        root = self._query_root(func.value)
        proven_query = self.kind_of(func.value) == Kind.QUERY
        if id(original) in self._changed_later and root is not None:
            root = QueryRoot(None, proven=root.proven, why=_CHANGED)
        if root is None and not proven_query:
            return updated  # `", ".join(...)`, `os.path.join(...)`, a receiver nothing says is a Query
        if root is not None and not root.is_query:
            return updated  # select().join("x") never took strings
        keywords = [a for a in original.args if a.keyword is not None]
        if any(a.keyword.value in ("aliased", "from_joinpoint") for a in keywords):  # type: ignore[union-attr]
            if strings or tuples:
                raise Unresolved(f"{func.attr.value}(..., aliased=True / from_joinpoint=True) is removed in 2.0: use aliased() and of_type() (not rewritten)")
            return updated
        entity = root.join_entity if root is not None else None
        hint = entity.hint if entity is not None else None
        reason = (
            (root.why if root.why == _CHANGED else
             "the query's first entity is not a mapped class the project index knows") if root is not None else
            "the entity is not fixed here (select_from()/with_entities() before it, or a query the tool cannot follow)"
        )
        hops = self._join_hops(original, updated, positional, entity, hint, reason)
        if hops is None:
            return updated
        proven = proven_query or (root is not None and root.proven)
        if not proven and not self.allow_unsafe(
            original,
            f"{func.attr.value}() with string names, tuples or a relationship chain is removed in 2.0: one "
            ".join() per hop with class-bound attributes written here (the query's Session is not proven to be one)",
        ):
            return updated
        kw = [_bare(a) for a in updated.args if a.keyword is not None]
        if len(hops) == 1:
            values = hops[0]
            if len(values) == len(positional):
                return self._replace_args(updated, values)
        out = updated.func.value  # type: ignore[attr-defined]
        for i, values in enumerate(hops):
            # the first hop keeps the original `.join` (and the line break before it, in a chain laid out
            # one method a line)
            method = updated.func.with_changes(value=out) if i == 0 else cst.Attribute(value=out, attr=cst.Name(func.attr.value))  # type: ignore[attr-defined]
            out = cst.Call(func=method, args=[cst.Arg(v) for v in values] + kw)
        return out.with_changes(lpar=updated.lpar, rpar=updated.rpar)

    def _join_hops(self, original, updated, positional, entity, hint, reason) -> Optional[List[List[cst.BaseExpression]]]:
        """The hops of a legacy join call as the argument lists of one `.join()` each (None: not legacy)."""
        new_positional = [a for a in updated.args if a.keyword is None]
        values = [a.value for a in positional]
        first = values[0]
        if len(values) == 2 and _string(first) is None and not isinstance(first, cst.Tuple) and self._bound_target(first) is None:
            if _string(values[1]) is None:
                return None  # (target, onclause): valid 2.0, or a chain whose first hop the index does not know
            # (target, onclause) with a string onclause, resolved against the left side
            on, _ = self._hop(entity, values[1], "relationship", hint, reason)
            return [[new_positional[0].value, on]]
        hops: List[List[cst.BaseExpression]] = []
        current = entity
        for arg, new in zip(values, new_positional):
            if isinstance(arg, cst.Tuple):
                elements = arg.elements
                if len(elements) != 2 or any(isinstance(e, cst.StarredElement) for e in elements):
                    raise Unresolved("a join tuple that is not (target, onclause): not rewritten")
                target = elements[0].value
                if _string(target) is not None:
                    raise Unresolved("a join tuple with a string target: not rewritten")
                new_elements = new.value.elements
                on_value = elements[1].value
                if _string(on_value) is not None:
                    on_value, _ = self._hop(current, on_value, "relationship", hint, reason)
                else:
                    on_value = new_elements[1].value
                hops.append([new_elements[0].value, on_value])
                cls = self._class_of(target)
                current = Entity(cls, target, True) if cls else None
            elif _string(arg) is not None:
                value, current = self._hop(current, arg, "relationship", hint, reason if not hops else _AFTER_HOP)
                hops.append([value])
            else:
                target = self._bound_target(arg)
                if target is None:
                    if len(values) == 1:
                        return None
                    raise Unresolved("a join of several hops one of which is not a relationship the project index knows: not rewritten (2.0 takes one target per .join())")
                hops.append([new.value])
                current = Entity(target, hint)
        return hops
