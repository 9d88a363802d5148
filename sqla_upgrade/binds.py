"""Which engine a bound MetaData (a Table, a mapped class, a statement over them) ran on in 1.x, how that
engine is spelled at a given use site, and whether a bind site may be dropped: the one module that answers
these for bound-metadata, implicit-execution and engine-execute.

1.x let a MetaData carry its engine (`MetaData(bind=e)`, `MetaData(e)`, `md.bind = e`,
`declarative_base(bind=e)`); `md.create_all()`, `t.create()`, `t.exists()`, `Table(..., autoload=True)`, an
unbound `sessionmaker()` and `stmt.execute()` then ran on it. 2.0 removed all of it: every such *use site*
must be given the engine, and the *bind site* must go (2.0 rejects `MetaData(bind=)`, and silently takes
`MetaData("url")` as a schema name and `md.bind = e` as an unused attribute).

The answers come from the project index alone (``index.py``: each module's MetaData, Table and Engine facts,
and its :class:`~sqla_upgrade.index.UseFact` list of calls that may rely on a bound MetaData, recorded before
any rewrite), so that a bind site in ``db.py`` and a use site in ``queries.py`` are decided alike whichever
file is rewritten first.

The contract between the two codemods (and why a bind site is safe to drop):

* A use site is rewritten only when :meth:`Binds.spelling` gives the engine there: a module-level Engine of
  the project (never one made in a function, by a factory, or Flask-SQLAlchemy's ``db.engine``), spelled by
  its name in its own module or imported (``from app.db import engine``) where that import cannot form an
  import cycle and the name is free. Rewriting a use site alone is always right: an explicit engine on
  a bound MetaData is valid 1.4 and 2.0.
* A bind site is dropped only when :meth:`Binds.removable` says that **every** recorded use of its MetaData
  in the project (uses of its tables, of the classes mapped on it, implicit executions of statements over
  them, unbound sessionmakers) is one the use-site codemods rewrite: the engine is spellable there, the
  shape is one the codemod handles (implicit execution: shapes 1-3 of §2c, decided by
  ``index.implicit_call_in``, which implicit-execution's own shape test accepts as well), and the codemod
  that rewrites it is enabled in this run. A call the index cannot attribute to a MetaData but which may
  rely on one (`x.create_all()`, a bare `x.execute()` on what the index cannot follow) blocks every bind
  site. Otherwise the bind site stays as it is and is reported with the first uses that keep it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple, Union

from sqla_upgrade.index import METADATA_USE_METHODS, ModuleFacts, ProjectIndex, UseFact
from sqla_upgrade.kinds import Kind, is_sqla_qualified
from sqla_upgrade.scopes import BindingKind, FileNames

IMPLICIT_EXECUTION = "implicit-execution"
BOUND_METADATA = "bound-metadata"
_EXECUTION_FORMS = ("execute", "scalar")

#: the message of every use site whose engine cannot be known (§2b)
RELIED_ON_BIND = "this call relied on MetaData.bind, which 2.0 removed; pass the Engine explicitly"


@dataclass(frozen=True)
class EngineRef:
    """A module-level Engine of the project: ``module.name``."""

    module: str
    name: str

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.name}" if self.module else self.name


@dataclass(frozen=True)
class Missing:
    """Why the engine cannot be given here (said in the finding)."""

    reason: str


Answer = Union[EngineRef, Missing]


@dataclass(frozen=True)
class Spelling:
    """How the engine is written at a use site, and the import that makes it so (None: none needed)."""

    name: str
    import_from: Optional[str] = None


class Binds:
    """The bound-MetaData questions over one project index (cached on it: one per run and worker)."""

    @classmethod
    def of(cls, index: Optional[ProjectIndex]) -> Optional["Binds"]:
        if index is None:
            return None
        found = getattr(index, "_binds", None)
        if found is None:
            found = cls(index)
            index._binds = found  # type: ignore[attr-defined]
        return found

    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        self._bound: Optional[Dict[str, List[Tuple[str, str]]]] = None
        self._deps: Dict[str, Set[str]] = {}

    # -- what a name is ---------------------------------------------------------------------------------

    def metadata_of(self, qualified: str, _depth: int = 0) -> Optional[str]:
        """The MetaData (a canonical dotted name) behind ``qualified``: a MetaData, a Table on one, a
        declarative base or a class mapped on one, ``Base.metadata``, ``Model.__table__``."""
        if _depth > 12 or is_sqla_qualified(qualified):
            return None
        index = self.index
        for suffix in (".metadata", ".__table__"):
            if qualified.endswith(suffix):
                owner = index.canonical(qualified[: -len(suffix)])
                if index.kind(owner) in (Kind.DECLARATIVE_BASE, Kind.MAPPED_CLASS):
                    return self.metadata_of(owner, _depth + 1)
        canonical = index.canonical(qualified)
        fact = index.fact(canonical)
        if fact is None:
            return None
        kind = index.kind(canonical)
        if kind == Kind.METADATA:
            return canonical
        if kind == Kind.FROMCLAUSE:
            return self.metadata_of(fact.metadata, _depth + 1) if fact.metadata else None
        if kind == Kind.DECLARATIVE_BASE:
            if fact.metadata:
                return self.metadata_of(fact.metadata, _depth + 1)
            return f"{canonical}.metadata"
        if kind == Kind.MAPPED_CLASS:
            cls = index.class_facts(canonical)
            for base in cls.bases if cls is not None else ():
                if index.kind(base) in (Kind.DECLARATIVE_BASE, Kind.MAPPED_CLASS):
                    return self.metadata_of(base, _depth + 1)
        return None

    def metadata_set(self, names) -> Set[str]:
        return {m for m in (self.metadata_of(n) for n in names) if m is not None}

    # -- which engine -----------------------------------------------------------------------------------

    def bound(self) -> Dict[str, List[Tuple[str, str]]]:
        """Every bound MetaData of the project → [(engine as spelled by the index, where)]."""
        if self._bound is None:
            bound: Dict[str, List[Tuple[str, str]]] = {}
            for facts in self.index.modules.values():
                for name, fact in facts.bindings.items():
                    if fact.bind is None or fact.kind not in (Kind.METADATA, Kind.DECLARATIVE_BASE):
                        continue
                    md = self.metadata_of(f"{facts.module}.{name}")
                    if md is not None:
                        bound.setdefault(md, []).append((fact.bind, f"{facts.path}:{fact.line}"))
                for site in facts.bind_sites:
                    for md in self.metadata_set(site.owner):
                        bound.setdefault(md, []).append((site.engine, f"{facts.path}:{site.line}"))
            self._bound = bound
        return self._bound

    def engine_of(self, md: str) -> Optional[Answer]:
        """The engine MetaData ``md`` is bound to; None when nothing in the project binds it."""
        binds = self.bound().get(md)
        if not binds:
            return None
        answers = {self._engine(spelled) for spelled, _ in binds}
        refs = {a for a in answers if isinstance(a, EngineRef)}
        missing = [a for a in answers if isinstance(a, Missing)]
        if missing:
            return missing[0]
        if len(refs) > 1:
            return Missing("its MetaData is bound to different engines in different places")
        return refs.pop()

    def _engine(self, spelled: str) -> Answer:
        if spelled == "<url>":
            return Missing("its MetaData was bound to a URL string, not to an Engine of the project")
        if spelled.startswith("<"):
            return Missing("its MetaData is bound to an engine made in a function or by an expression")
        canonical = self.index.canonical(spelled)
        found = self.index._split(canonical)
        if found is None or len(found[1]) != 1 or self.index.kind(canonical) != Kind.ENGINE:
            return Missing(f"its MetaData is bound to {spelled.rsplit('.', 1)[-1]}, which is not a module-level Engine of the project")
        module, rest = found
        if module.bindings.get(rest[0]) is None or module.bindings[rest[0]].kind != Kind.ENGINE:
            return Missing(f"its MetaData is bound to {rest[0]}, which is not made by create_engine() at module level")
        return EngineRef(module.module, rest[0])

    def engine_for(self, names) -> Optional[Answer]:
        """The engine of a statement or schema item over ``names`` (dotted); None when none of them is
        on a MetaData the index knows."""
        mds = self.metadata_set(names)
        if not mds:
            return None
        answers = {self.engine_of(md) for md in mds}
        if None in answers:
            unbound = sorted(md.rsplit(".", 1)[-1] for md in mds if self.engine_of(md) is None)
            return Missing(f"{', '.join(unbound)} is bound to no engine the project shows")
        refs = {a for a in answers if isinstance(a, EngineRef)}
        missing = [a for a in answers if isinstance(a, Missing)]
        if missing:
            return missing[0]
        if len(refs) > 1:
            return Missing("its tables are on MetaData bound to different engines")
        return refs.pop()

    def related_bound(self, module: str) -> List[str]:
        """The bound MetaData an unbound sessionmaker in ``module`` may have run on: those defined in
        ``module`` or in a module it imports (transitively, at module level). A test suite or a folder of
        examples is one "project" to the tool, and a Session in one program never saw the MetaData of
        another."""
        out = []
        for md in self.bound():
            owner = self.index._split(md)  # `app.db.metadata`, `app.db.Base.metadata`: module app.db
            home = owner[0].module if owner is not None else None
            if home is not None and (home == module or self.reaches(module, home)):
                out.append(md)
        return sorted(out)

    def session_engine(self, module: str) -> Optional[Answer]:
        """The engine an unbound sessionmaker in ``module`` ran on: the one related bound MetaData's
        (None: no bound MetaData is related, the sessionmaker never relied on one)."""
        bound = {md: self.bound()[md] for md in self.related_bound(module)}
        if not bound:
            return None
        if len(bound) > 1:
            return Missing(
                "several MetaData are bound (" + ", ".join(sorted(m.rsplit(".", 2)[-2] if m.endswith(".metadata") else m.rsplit(".", 1)[-1] for m in bound))
                + "): give the sessionmaker binds={BaseA: engine_a, BaseB: engine_b}"
            )
        answer = self.engine_of(next(iter(bound)))
        return answer if answer is not None else Missing("no engine")

    def configured(self, target: Optional[str]) -> bool:
        """Whether the sessionmaker assigned to ``target`` is given a bind later (`.configure(bind=...)`)."""
        if target is None:
            return False
        canonical = self.index.canonical(target)
        return any(
            u.form == "configure" and any(self.index.canonical(n) == canonical for n in u.names)
            for facts in self.index.modules.values()
            for u in facts.uses
        )

    # -- spelling it at a use site ----------------------------------------------------------------------

    def spelling(self, engine: EngineRef, module: str, shadowed=(), line: Optional[int] = None) -> Union[Spelling, Missing]:
        """How ``engine`` is written in ``module`` (from the index: the decision both codemods make);
        ``line``, for a call that runs at import time: the engine must be defined above it."""
        facts = self.index.modules.get(module) if module else None
        if facts is None:
            return Missing("the engine is defined in another module and this file's module name is unknown")
        if engine.module == module:
            if engine.name in shadowed:
                return Missing(f"the name {engine.name} means something else in this function")
            if line is not None and facts.bindings[engine.name].line >= line:
                return Missing(f"{engine.name} is defined below this line, which runs at import time")
            return Spelling(engine.name)
        for local, target in facts.imports.items():
            if self.index.canonical(target) == engine.dotted and local not in shadowed:
                return Spelling(local)
        name = engine.name
        source = self.index.modules.get(engine.module)
        if source is not None and name in source.main_only:
            return Missing(f"{name} is made under `if __name__ == \"__main__\":` in {engine.module}, so it cannot be imported")
        if name in facts.imports or name in facts.bindings or name in facts.classes or name in shadowed:
            return Missing(f"importing {name} from {engine.module} would shadow another {name} of this module")
        if self.reaches(engine.module, module):
            return Missing(f"importing {name} from {engine.module} here would form an import cycle")
        return Spelling(name, engine.module)

    def spelled_here(self, engine: EngineRef, names: FileNames, line: int) -> Union[Spelling, Missing]:
        """:meth:`spelling` checked against the scope being visited (LibCST): the name must resolve to
        the module-level binding the index knows (``line``: of the use, when it runs at import time)."""
        toplevel = names.current.is_module
        answer = self.spelling(engine, names.module_name, (), line if toplevel else None)
        if isinstance(answer, Missing):
            return answer
        found = names.lookup(answer.name)
        if answer.import_from is None:
            if found is None or not found[0].is_module:
                return Missing(f"the name {answer.name} means something else here")
            if engine.module != names.module_name and not all(
                b.kind == BindingKind.IMPORT and b.qualified and self.index.canonical(b.qualified) == engine.dotted for b in found[1]
            ):
                return Missing(f"the name {answer.name} means something else here")
        elif found is not None:
            return Missing(f"the name {answer.name} means something else here")
        return answer

    def reaches(self, start: str, goal: str) -> bool:
        """Whether importing module ``start`` runs module ``goal`` (module-level imports, transitively;
        the packages above each module included)."""
        seen: Set[str] = set()
        todo = [m for m in _with_parents(start) if m not in _parents(goal)]
        while todo:
            current = todo.pop()
            if current == goal:
                return True
            if current in seen:
                continue
            seen.add(current)
            todo.extend(self._dependencies(current))
        return False

    def _dependencies(self, module: str) -> Set[str]:
        found = self._deps.get(module)
        if found is None:
            facts = self.index.modules.get(module)
            found = set()
            if facts is not None:
                for target in list(facts.imports.values()) + list(facts.star_imports):
                    split = self.index._split(target) if target not in self.index.modules else (self.index.modules[target], [])
                    if split is not None:
                        found.update(_with_parents(split[0].module))
            self._deps[module] = found
        return found

    # -- may a bind site go? ----------------------------------------------------------------------------

    def uses_of(self, md: str):
        """(module facts, use) for every recorded use that relies, or may rely, on MetaData ``md``."""
        bound = self.bound()
        for facts in self.index.modules.values():
            for u in facts.uses:
                if u.form == "configure":
                    continue
                if u.form == "session":
                    if md in bound and not self.configured(u.target) and md in self.related_bound(facts.module):
                        yield facts, u
                    continue
                mds = self.metadata_set(u.names)
                if md in mds or (not mds and self._may_rely(u, facts)):
                    yield facts, u

    def _may_rely(self, use: UseFact, facts: ModuleFacts) -> bool:
        """A use the index cannot attribute to a MetaData that may still rely on a bound one: `x.create_all()`
        on what it cannot follow, a bare `x.execute()`, `ix.create()` on an Index or Sequence (whose table
        or MetaData the index does not record)."""
        if not facts.sqla:
            return False
        if use.form in METADATA_USE_METHODS or (use.form == "execute" and not use.names):
            return True
        if use.form in ("create", "drop", "exists"):
            return not use.names or any(self.index.kind(n) in (Kind.INDEX, Kind.SEQUENCE, Kind.UNKNOWN) for n in use.names)
        return False

    def use_rewritten(self, facts: ModuleFacts, use: UseFact, enabled) -> Optional[str]:
        """None when the codemods of this run rewrite ``use``, else why not."""
        if use.form in _EXECUTION_FORMS and not enabled(IMPLICIT_EXECUTION):
            return "implicit-execution is not enabled in this run"
        if use.form not in _EXECUTION_FORMS and not enabled(BOUND_METADATA):
            return "bound-metadata is not enabled in this run"
        if not use.simple:
            if use.form == "session":
                return "a Session class of its own (class_=) may choose its bind"
            return "not a statement shape implicit-execution rewrites (its result is used beyond it, or it is in a class body)"
        engine = self.session_engine(facts.module) if use.form == "session" else self.engine_for(use.names)
        if engine is None:
            return "its engine cannot be known"
        if isinstance(engine, Missing):
            return engine.reason
        spelled = self.spelling(engine, facts.module, use.shadowed, use.line if use.toplevel else None)
        return spelled.reason if isinstance(spelled, Missing) else None

    def removable(self, md: str, enabled) -> Tuple[bool, List[str]]:
        """Whether the bind of ``md`` may be dropped: every use of it is rewritten in this run (see the
        module docstring). The second item lists the uses that keep it ("path:line (why)")."""
        engine = self.engine_of(md)
        if engine is None or isinstance(engine, Missing):
            return False, []
        found = []
        for facts, use in self.uses_of(md):
            why = self.use_rewritten(facts, use, enabled)
            if why is not None:
                found.append((facts.path, use.line, why))
        # in path order: the index's module order is the order workers returned them in (--jobs)
        blockers = [f"{path}:{line} ({why})" for path, line, why in sorted(found)]
        return not blockers, blockers


def _parents(module: str) -> Set[str]:
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def _with_parents(module: str) -> Set[str]:
    return _parents(module) | {module}


def enabled_in(options) -> "callable":
    """Whether a codemod id is enabled in a run with ``options`` (RunOptions)."""
    return lambda cid: (options.select is None or cid in options.select) and cid not in options.ignore


# -- the same resolution over LibCST (a use site being rewritten) -------------------------------------------


def dotted_of(node, names: FileNames) -> Tuple[str, ...]:
    """The dotted names a Name / Attribute chain stands for, as the index's use facts resolve them: a
    module-level name of this module is ``module.name``; an import, what it imports; a function's own
    name, nothing."""
    import libcst as cst

    if isinstance(node, cst.Attribute):
        return tuple(f"{q}.{node.attr.value}" for q in dotted_of(node.value, names))
    if not isinstance(node, cst.Name):
        return ()
    found = names.lookup(node.value)
    if found is None:
        return tuple(sorted(q for q in names.qualified_names(node) if q != "<local>"))
    scope, bindings = found
    if not scope.is_module:
        return ()
    if all(b.kind == BindingKind.IMPORT and b.qualified for b in bindings):
        return tuple(sorted({b.qualified for b in bindings}))  # type: ignore[misc]
    module = names.module_name
    return (f"{module}.{node.value}" if module else node.value,)


def names_in(node, names: FileNames) -> Tuple[str, ...]:
    """Every dotted name (not SQLAlchemy's) the names and attribute chains in expression ``node`` stand for,
    as the index's use facts record them."""
    import libcst as cst

    out: Set[str] = set()

    class Collect(cst.CSTVisitor):
        def visit_Attribute(self, attribute: cst.Attribute) -> bool:
            out.update(q for q in dotted_of(attribute, names) if not is_sqla_qualified(q))
            attribute.value.visit(self)
            return False

        def visit_Name(self, name: cst.Name) -> None:
            out.update(q for q in dotted_of(name, names) if not is_sqla_qualified(q))

    node.visit(Collect())
    return tuple(sorted(out))
