"""Names that moved or were renamed in 2.0: `sqlalchemy.ext.declarative` → `sqlalchemy.orm`, `relation` →
`relationship`, `eagerload` → `joinedload`, `sqlalchemy.future`, `Session.close_all()` and classical
`mapper()`.

Rewritten, safe (every import and every use, by qualified name; an alias keeps its alias):

* `declarative_base`, `declared_attr`, `as_declarative`, `DeclarativeMeta`, `has_inherited_table`,
  `synonym_for` from `sqlalchemy.ext.declarative` (or 1.3's `sqlalchemy.ext.declarative.api`) → from
  `sqlalchemy.orm` (deprecated there since 1.4; `AbstractConcreteBase`, `ConcreteBase` and
  `DeferredReflection` stay in `sqlalchemy.ext.declarative`, which 2.0 and 2.1 still export; from 1.3's
  `.api` module they go there).
* `relation` → `relationship`, `eagerload` → `joinedload` (1.x's synonyms, gone in 2.0).
* `from sqlalchemy.future import select, create_engine` → from `sqlalchemy`; `Engine`, `Connection` → from
  `sqlalchemy.engine` (in 2.0 these are the same objects; `sqlalchemy.Engine` does not exist in 1.4, the
  `sqlalchemy.engine` spelling runs on both). 1.4's future engine had 2.0's execution semantics already.
* `Session.close_all()` (also on a proven Session, sessionmaker or scoped_session) → `close_all_sessions()`
  from `sqlalchemy.orm` (the method only called it; 2.1 removes the method).
* classical `mapper(User, users, ...)` at module level → `mapper_registry.map_imperatively(User, users,
  ...)`, with one `mapper_registry = registry()` added after the module's imports and shared by every call of
  the module. 1.x put every classical mapping in one hidden registry; 2.0 has none. One registry per module
  keeps the mappings of a module together; relationships to classes mapped in other modules work across
  registries when they are given the class itself. A string naming a class (`relationship("Address")`) is
  looked up in the mapping's own registry only, so a mapper() call whose properties name a class by string
  that is not mapped in the same module, or use string `secondary`/`primaryjoin`/... arguments, is reported
  instead. `mapper` as an event target (`event.listen(mapper, ...)`) → `Mapper`, which 1.x and 2.0 accept for
  "every mapper".

Reported: `mapper()` inside a function or class (the registry has to outlive the call; put one at module
level), `mapper(..., non_primary=True)` (removed in 2.0), any other use of `mapper`; `instrument_declarative()`
(manual: `registry(metadata=md).map_declaratively(Cls)`, class-registry dict semantics);
`joinedload_all()`/`subqueryload_all()`/`eagerload_all()`/`selectinload_all()` (removed since 1.4: chain
`joinedload(A.b).joinedload(B.c)` with the target classes); a star import from `sqlalchemy.ext.declarative`;
and a rename the code cannot take because the new name means something else in the module.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from sqla_upgrade.chain import insert_after_imports
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind
from sqla_upgrade.matchers import inside_sqlalchemy, remove_import_if_unused
from sqla_upgrade.scopes import LOCAL, BindingKind, dotted_name

_MOVED_TO_ORM = ("declarative_base", "declared_attr", "as_declarative", "DeclarativeMeta", "has_inherited_table", "synonym_for")
_STAY_IN_EXT = ("AbstractConcreteBase", "ConcreteBase", "DeferredReflection")

#: old qualified name → (new module, new name)
MOVES: Dict[str, Tuple[str, str]] = {
    **{f"{m}.{n}": ("sqlalchemy.orm", n) for m in ("sqlalchemy.ext.declarative", "sqlalchemy.ext.declarative.api") for n in _MOVED_TO_ORM},
    **{f"sqlalchemy.ext.declarative.api.{n}": ("sqlalchemy.ext.declarative", n) for n in _STAY_IN_EXT},
    "sqlalchemy.orm.relation": ("sqlalchemy.orm", "relationship"),
    "sqlalchemy.orm.eagerload": ("sqlalchemy.orm", "joinedload"),
    "sqlalchemy.future.select": ("sqlalchemy", "select"),
    "sqlalchemy.future.create_engine": ("sqlalchemy", "create_engine"),
    "sqlalchemy.future.Engine": ("sqlalchemy.engine", "Engine"),
    "sqlalchemy.future.Connection": ("sqlalchemy.engine", "Connection"),
}

#: removed names that have no mechanical replacement → the finding's advice
MANUAL: Dict[str, str] = {
    **{
        f"{m}.instrument_declarative": "instrument_declarative() is removed in 2.0: use "
        "registry(metadata=md).map_declaratively(Cls) (the class-registry dict is the registry's own)"
        for m in ("sqlalchemy.ext.declarative", "sqlalchemy.ext.declarative.api")
    },
    **{
        f"sqlalchemy.orm.{n}": f"{n}() is removed (since 1.4): chain one loader per hop with the target "
        f"classes, e.g. {n[:-4]}(A.bs).{n[:-4]}(B.cs)"
        for n in ("joinedload_all", "subqueryload_all", "eagerload_all", "selectinload_all", "defaultload_all")
    },
}

MAPPER = frozenset({"sqlalchemy.orm.mapper", "sqlalchemy.orm.mapperlib.mapper"})
SESSION_CLASSES = frozenset({"sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session"})
_EVENT_FUNCTIONS = frozenset(f"sqlalchemy.event.{f}" for f in ("listen", "listens_for", "remove", "contains"))
_BUILTIN_BASES = frozenset({"object", "dict", "list", "tuple", "str", "int", "Exception"})
#: modules whose classes are never mapped by a project (SQLAlchemy's own, the standard library's typing)
_NEVER_MAPPED = ("sqlalchemy.", "builtins.", "typing.", "typing_extensions.", "abc.", "collections.", "enum.")
_STRING_ARGS = ("secondary", "primaryjoin", "secondaryjoin", "order_by", "foreign_keys", "remote_side")
_RELATIONSHIPS = frozenset({"sqlalchemy.orm.relationship", "sqlalchemy.orm.relation", "sqlalchemy.orm.backref"})
REGISTRY_NAME = "mapper_registry"


def _module_of(qualified: str) -> str:
    return qualified.rpartition(".")[0]


class DeclarativeImports(SqlaCodemod):
    ID = "declarative-imports"
    SUMMARY = "ext.declarative → orm, relation/eagerload, sqlalchemy.future, Session.close_all(), mapper() → 2.0 names"
    SAFETY = Safety.SAFE
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"declarative", b"relation", b"eagerload", b"future", b"close_all", b"mapper", b"_all")
    SITES = Sites(
        calls=frozenset(MOVES) | frozenset(MANUAL) | MAPPER,
        methods=frozenset({"close_all"}),
        names=frozenset(
            {"declarative", "future", "relation", "eagerload", "mapper", *_MOVED_TO_ORM, *_STAY_IN_EXT}
            | {q.rpartition(".")[2] for q in MANUAL}
        ),
    )
    EMITS = (b"map_imperatively(", b"relationship(", b"joinedload(")
    EXAMPLES = (
        Example(
            before="from sqlalchemy.ext.declarative import declarative_base, declared_attr\n"
            "from sqlalchemy.orm import relation as rel, eagerload\n\n"
            "Base = declarative_base()\n"
            "q = session.query(User).options(eagerload(User.addresses))\n",
            after="from sqlalchemy.orm import declarative_base, declared_attr\n"
            "from sqlalchemy.orm import relationship as rel, joinedload\n\n"
            "Base = declarative_base()\n"
            "q = session.query(User).options(joinedload(User.addresses))\n",
        ),
        Example(
            before="from sqlalchemy.orm import Session, mapper\n\n\n"
            "class User(object):\n"
            "    pass\n\n\n"
            "mapper(User, users)\n"
            "Session.close_all()\n",
            after="from sqlalchemy.orm import close_all_sessions, registry\n\n"
            "mapper_registry = registry()\n\n\n"
            "class User(object):\n"
            "    pass\n\n\n"
            "mapper_registry.map_imperatively(User, users)\n"
            "close_all_sessions()\n",
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: ids of Name nodes that are not references (attribute names, keywords, definitions, imports)
        self._not_refs: Set[int] = set()
        self._bound_names: Optional[Set[str]] = None
        self._registry: Optional[str] = None
        self._mapped_here: Optional[Set[str]] = None
        #: `mapper` callees, and `mapper` as the target of event.listen()/listens_for()
        self._mapper_uses: Set[int] = set()
        self._event_targets: Set[int] = set()

    # -- what is a reference ------------------------------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> bool:
        return not inside_sqlalchemy(self.state.names)  # type: ignore[arg-type]

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._not_refs.add(id(node.attr))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, (cst.Name, cst.Attribute)):
            return
        qualified = self.qualified_names(func)
        if qualified and qualified <= MAPPER:
            self._mapper_uses.add(id(func))
        elif qualified and qualified <= _EVENT_FUNCTIONS and node.args and isinstance(node.args[0].value, (cst.Name, cst.Attribute)):
            target = node.args[0].value
            if self.qualified_names(target) and self.qualified_names(target) <= MAPPER:
                self._event_targets.add(id(target))

    def _other_mapper_use(self, original: cst.BaseExpression, updated: cst.BaseExpression) -> cst.BaseExpression:
        """`mapper` not called: as an event target it becomes `Mapper` (both mean "every mapper" to 1.x's
        event API, and 2.0 has only the class); anything else is reported."""
        if id(original) in self._mapper_uses:
            return updated
        if id(original) not in self._event_targets:
            self.report(original, "sqlalchemy.orm.mapper is removed in 2.0 (registry().map_imperatively() maps a class; the Mapper class is the event target for every mapper)")
            return updated
        if isinstance(original, cst.Name):
            RemoveImportsVisitor.remove_unused_import(self.context, "sqlalchemy.orm", "mapper")
        return self.sqla_style().ref(self.context, "Mapper", module="sqlalchemy.orm")

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._not_refs.add(id(node.keyword))

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._not_refs.add(id(node.name))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._not_refs.add(id(node.name))

    def visit_Param(self, node: cst.Param) -> None:
        self._not_refs.add(id(node.name))

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        # `mapper = orm.mapper` binds the name; only its uses are references
        self._not_refs.add(id(node.target))

    def _bound_anywhere(self) -> Set[str]:
        """Every name the module binds other than by importing it from SQLAlchemy (any scope)."""
        if self._bound_names is None:
            self._bound_names = _Binders.of(self.context.wrapper.module)  # type: ignore[union-attr]
        return self._bound_names

    # -- imports ----------------------------------------------------------------------------------------

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom):
        if original_node.relative:  # SQLAlchemy's own modules
            return updated_node
        module = dotted_name(original_node.module) if original_node.module is not None else None
        if module is None:
            return updated_node
        if isinstance(original_node.names, cst.ImportStar):
            if module in ("sqlalchemy.ext.declarative", "sqlalchemy.ext.declarative.api"):
                self.report(
                    original_node,
                    f"`from {module} import *`: declarative_base, declared_attr, as_declarative, DeclarativeMeta, "
                    "has_inherited_table and synonym_for moved to sqlalchemy.orm; import them from there",
                )
            return updated_node
        aliases = list(updated_node.names)  # type: ignore[arg-type]
        moves: List[Tuple[int, str, str]] = []  # (index, new module, new name)
        for i, alias in enumerate(original_node.names):  # type: ignore[union-attr]
            qualified = f"{module}.{dotted_name(alias.name)}"
            if qualified in MANUAL:
                self.report(alias, MANUAL[qualified])
                continue
            if qualified not in MOVES:
                continue
            new_module, new_name = MOVES[qualified]
            old_name = qualified.rpartition(".")[2]
            if new_name != old_name and alias.asname is None and new_name in self._bound_anywhere():
                self.report(
                    alias,
                    f"{old_name} is removed in 2.0: use {new_module}.{new_name} (not rewritten: the name "
                    f"{new_name} is bound to something else in this module)",
                )
                continue
            moves.append((i, new_module, new_name))
        if not moves:
            return updated_node
        move_modules = {m for _, m, _ in moves}
        if len(moves) == len(aliases) and len(move_modules) == 1:
            renamed = self._renamed_aliases(aliases, moves)
            return updated_node.with_changes(module=cst.parse_expression(moves[0][1]), names=renamed)
        if move_modules == {module}:
            return updated_node.with_changes(names=self._renamed_aliases(aliases, moves))
        # Some names move elsewhere: they get an import of their own (merged into one there may already
        # be), the others stay.
        moved = {i for i, _, _ in moves}
        kept = [a for i, a in enumerate(aliases) if i not in moved]
        for i, new_module, new_name in moves:
            alias = aliases[i]
            asname = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else None
            AddImportsVisitor.add_needed_import(self.context, new_module, new_name, asname)
        if not kept:
            return cst.RemovalSentinel.REMOVE
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(names=kept)

    @staticmethod
    def _renamed_aliases(aliases: List[cst.ImportAlias], moves: List[Tuple[int, str, str]]) -> List[cst.ImportAlias]:
        """The aliases with their new names; one that would import a name twice is dropped."""
        new_names = {i: n for i, _, n in moves}
        out: List[cst.ImportAlias] = []
        seen: Set[Tuple[str, Optional[str]]] = set()
        for i, alias in enumerate(aliases):
            name = new_names.get(i, dotted_name(alias.name))
            asname = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else None
            if (name, asname) in seen:
                if out and alias.comma is cst.MaybeSentinel.DEFAULT:
                    out[-1] = out[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                continue
            seen.add((name, asname))
            out.append(alias.with_changes(name=cst.Name(name)) if i in new_names else alias)
        return out

    # -- uses ---------------------------------------------------------------------------------------------

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) in self._not_refs:
            return updated_node
        qualified = self._one_qualified(original_node)
        if qualified in MAPPER:
            return self._other_mapper_use(original_node, updated_node)
        if qualified is None or qualified not in MOVES:
            return updated_node
        new_module, new_name = MOVES[qualified]
        old_name = qualified.rpartition(".")[2]
        # Only a name imported under its own name changes with its import; an alias keeps its alias.
        if original_node.value != old_name or new_name == old_name or not self._imported_directly(original_node, qualified):
            return updated_node
        if new_name in self._bound_anywhere():
            return updated_node  # the import was reported and kept
        return updated_node.with_changes(value=new_name)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        qualified = self._one_qualified(original_node)
        if qualified is None:
            return updated_node
        if qualified in MAPPER:
            return self._other_mapper_use(original_node, updated_node)
        if qualified in MANUAL:
            self.report(original_node, MANUAL[qualified])
            return updated_node
        if qualified not in MOVES:
            return updated_node
        new_module, new_name = MOVES[qualified]
        if _module_of(qualified) == new_module:
            return updated_node.with_changes(attr=cst.Name(new_name))
        remove_import_if_unused(self.context, self.state.names, original_node.value)  # type: ignore[arg-type]
        if new_module == "sqlalchemy":
            return self.sqla_ref(new_name)
        return self.sqla_style().ref(self.context, new_name, module=new_module)

    def _one_qualified(self, node: cst.CSTNode) -> Optional[str]:
        qualified = self.qualified_names(node)
        if len(qualified) != 1 or LOCAL in qualified:
            return None
        return next(iter(qualified))

    def _imported_directly(self, name: cst.Name, qualified: str) -> bool:
        found = self.state.names.lookup(name.value)  # type: ignore[union-attr]
        if found is None:
            return True  # a star import
        return all(b.kind == BindingKind.IMPORT for b in found[1])

    # -- calls: close_all(), mapper(), the removed *_all loaders ---------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "close_all" and not original_node.args:
            return self._close_all(original_node, updated_node)
        if not isinstance(func, (cst.Name, cst.Attribute)):
            return updated_node
        qualified = self.qualified_names(func)
        if not qualified or LOCAL in qualified:
            return updated_node
        if qualified <= MAPPER:
            return self._mapper(original_node, updated_node)
        if isinstance(func, cst.Name):
            for q in qualified & set(MANUAL):
                self.report(original_node, MANUAL[q])
        return updated_node

    def _close_all(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        receiver = original.func.value  # type: ignore[attr-defined]
        qualified = self.qualified_names(receiver) if isinstance(receiver, (cst.Name, cst.Attribute)) else set()
        proven = (qualified and qualified <= SESSION_CLASSES) or (
            dotted_name(receiver) is not None
            and self.kind_of(receiver) in (Kind.SESSION, Kind.SESSIONMAKER, Kind.SCOPED_SESSION)
        )
        if not proven:
            return updated
        ref = self.sqla_style().ref(self.context, "close_all_sessions", module="sqlalchemy.orm")
        if isinstance(receiver, cst.Name):
            remove_import_if_unused(self.context, self.state.names, receiver)  # type: ignore[arg-type]
        return cst.Call(func=ref, lpar=updated.lpar, rpar=updated.rpar)

    def _mapper(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        scope = self.state.names.current  # type: ignore[union-attr]
        if not scope.is_module:
            self.report(
                original,
                "mapper() is removed in 2.0: use registry().map_imperatively(); not rewritten inside a function or "
                "class: the registry must be created once, at module level, and shared by the mappings",
            )
            return updated
        positional = [a for a in original.args if a.keyword is None]
        non_primary = next((a for a in original.args if a.keyword is not None and a.keyword.value == "non_primary"), None)
        if any(a.star for a in original.args) or len(positional) > 2 or not positional:
            self.report(original, "mapper() is removed in 2.0: use mapper_registry.map_imperatively(cls, table, **kw)")
            return updated
        if non_primary is not None:
            self.report(original, "mapper(..., non_primary=True) is removed in 2.0: use aliased(cls, selectable)")
            return updated
        problem = self._string_reference(original) or self._inheritance_problem(original, positional[0].value)
        if problem is not None:
            self.report(
                original,
                f"mapper() is removed in 2.0: use registry().map_imperatively(); not rewritten: {problem}, which a "
                "registry of this module would not find (1.x mapped every class in one hidden registry: create one "
                "registry for the project and use it for every mapping)",
            )
            return updated
        registry = self._registry_name()
        if isinstance(original.func, cst.Name):
            RemoveImportsVisitor.remove_unused_import(self.context, "sqlalchemy.orm", "mapper")
        return updated.with_changes(func=cst.Attribute(value=cst.Name(registry), attr=cst.Name("map_imperatively")))

    def _string_reference(self, call: cst.Call) -> Optional[str]:
        """What in ``call``'s properties names a class or table by string that this module does not map."""
        mapped = self._mapped_classes()
        found: List[str] = []

        class Strings(cst.CSTVisitor):
            def __init__(self, outer: "DeclarativeImports") -> None:
                self.outer = outer

            def visit_Call(self, node: cst.Call) -> None:
                if not isinstance(node.func, (cst.Name, cst.Attribute)):
                    return
                if not (self.outer.qualified_names(node.func) & _RELATIONSHIPS):
                    return
                for arg in node.args:
                    value = arg.value
                    if not isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
                        continue
                    text = value.evaluated_value
                    if arg.keyword is None and node.args.index(arg) == 0:
                        if "backref" in {q.rpartition(".")[2] for q in self.outer.qualified_names(node.func)}:
                            continue  # a backref's name
                        if text not in mapped:
                            found.append(f'the class "{text}" is named by string')
                    elif arg.keyword is not None and arg.keyword.value in _STRING_ARGS:
                        found.append(f"{arg.keyword.value}= is a string")

        for arg in call.args:
            arg.visit(Strings(self))
        return found[0] if found else None

    def _inheritance_problem(self, call: cst.Call, cls: cst.BaseExpression) -> Optional[str]:
        """Why the class may inherit a mapping of another module: a mapper must be in its base mapper's
        registry (2.0 fails at the first instance otherwise, checked on 2.0.58), and 1.x took the nearest
        mapped base class as ``inherits=`` by itself, so the class's bases are checked too."""
        mapped_here = self._mapped_classes()
        module = self.state.names.module_name  # type: ignore[union-attr]
        inherits = next((a for a in call.args if a.keyword is not None and a.keyword.value == "inherits"), None)
        if inherits is not None:
            spelled = dotted_name(inherits.value)
            if not spelled or spelled.rpartition(".")[2] not in mapped_here:
                return "inherits= names a class this module does not map"
        index = self.state.names.index  # type: ignore[union-attr]
        facts = None
        if index is not None:
            candidates = set(self.qualified_names(cls))
            spelled = dotted_name(cls)
            if spelled and module:
                candidates.add(f"{module}.{spelled}")  # a class this module defines
            facts = next((f for f in (index.class_facts(q) for q in sorted(candidates)) if f is not None), None)
        if facts is None:
            return "the class's bases cannot be checked (the project index does not know the class)"
        todo, seen = list(facts.bases), set()
        while todo:
            base = index.canonical(todo.pop())
            if base in seen or base in _BUILTIN_BASES or base.startswith(_NEVER_MAPPED):
                continue
            seen.add(base)
            owner, _, name = base.rpartition(".")
            if owner == module and name in mapped_here:
                continue  # mapped by this module's registry too
            base_facts = index.class_facts(base)
            if base_facts is None:
                return f"its base {base} is not a class the project index knows (it may be mapped elsewhere)"
            if index.is_mapped(base):
                return f"its base {base} is mapped in another module, whose registry the subclass must share"
            todo.extend(base_facts.bases)
        return None

    def _mapped_classes(self) -> Set[str]:
        """Names of the classes this module maps with mapper() at module level."""
        if self._mapped_here is None:
            out: Set[str] = set()
            for stmt in self.context.wrapper.module.body:  # type: ignore[union-attr]
                for node in _calls_in(stmt):
                    if isinstance(node.func, (cst.Name, cst.Attribute)) and node.args:
                        spelled = dotted_name(node.func)
                        if spelled and spelled.rpartition(".")[2] == "mapper":
                            first = dotted_name(node.args[0].value)
                            if first:
                                out.add(first.rpartition(".")[2])
            self._mapped_here = out
        return self._mapped_here

    def _registry_name(self) -> str:
        if self._registry is None:
            taken = self._bound_anywhere()
            name = REGISTRY_NAME
            n = 1
            while name in taken:
                n += 1
                name = f"{REGISTRY_NAME}_{n}"
            self._registry = name
        return self._registry

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self._registry is None:
            return updated_node
        ref = self.sqla_style().ref(self.context, "registry", module="sqlalchemy.orm")
        line = cst.SimpleStatementLine(
            body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(self._registry))], value=cst.Call(func=ref))]
        )
        return insert_after_imports(updated_node, [line])


def _calls_in(node: cst.CSTNode) -> List[cst.Call]:
    found: List[cst.Call] = []

    class Collect(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            found.append(call)

    node.visit(Collect())
    return found


class _Binders(cst.CSTVisitor):
    """The names a module binds anywhere, except imports from SQLAlchemy."""

    def __init__(self) -> None:
        self.names: Set[str] = set()

    @classmethod
    def of(cls, module: cst.Module) -> Set[str]:
        v = cls()
        module.visit(v)
        return v.names

    def _targets(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.Name):
            self.names.add(node.value)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for el in node.elements:
                self._targets(el.value)
        elif isinstance(node, cst.StarredElement):
            self._targets(node.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._targets(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._targets(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._targets(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._targets(node.target)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._targets(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._targets(node.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._targets(node.target)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.names.add(node.name.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.names.add(node.name.value)

    def visit_Param(self, node: cst.Param) -> None:
        self.names.add(node.name.value)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        module = dotted_name(node.module) if node.module is not None else ""
        if node.relative or not (module or "").startswith("sqlalchemy"):
            if not isinstance(node.names, cst.ImportStar):
                for alias in node.names:
                    if alias.asname is None:
                        self.names.add(dotted_name(alias.name) or "")
                    elif isinstance(alias.asname.name, cst.Name):
                        self.names.add(alias.asname.name.value)
        return False  # a SQLAlchemy import's names are the module's own spellings of SQLAlchemy names

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            if alias.asname is None:
                self.names.add((dotted_name(alias.name) or "").split(".")[0])
            elif isinstance(alias.asname.name, cst.Name):
                self.names.add(alias.asname.name.value)
        return False
