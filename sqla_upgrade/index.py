"""The project index: module-level facts of every file of a run, for questions one file cannot answer.

Each file is read once with Python's ``ast`` (ten times cheaper than LibCST's parse; module-level facts need
no concrete syntax) in the worker that scans it; the parent merges the per-module facts into one
:class:`ProjectIndex`. It answers, for a dotted name such as ``ckan.model.meta.engine``:

* :meth:`ProjectIndex.canonical`: where the name is defined, following imports and re-exports
  (``app/__init__.py: from .db import engine`` makes ``app.engine`` → ``app.db.engine``) and plain aliases
  (``_select = sqlalchemy.sql.select``);
* :meth:`ProjectIndex.fact`: what is bound there: an Engine, a MetaData (and the engine it is bound to), a
  Table (and its MetaData), a declarative base, a sessionmaker / scoped_session, a mapped class (its bases,
  columns and relationships), or nothing SQLAlchemy knows.

Facts are computed from each module alone; names they mention (``MetaData(bind=engine)`` with ``engine``
imported) are kept as dotted names and resolved through the merged index when asked.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple

from sqla_upgrade.kinds import ANNOTATIONS, CONSTRUCTORS, Kind, is_sqla_qualified
from sqla_upgrade.declarative import annotation_code, declared_attr_code

# -- where a file sits in its project ------------------------------------------------------------------


def module_name_for(path: str) -> Tuple[str, bool]:
    """The dotted module name of the file at ``path`` from the package layout (the folders above it that
    have an ``__init__.py``), and whether it is a package's ``__init__.py``."""
    path = os.path.abspath(path)
    folder, filename = os.path.split(path)
    stem = filename[:-3] if filename.endswith(".py") else (filename[:-4] if filename.endswith(".pyi") else filename)
    is_package = stem == "__init__"
    parts: List[str] = [] if is_package else [stem]
    while os.path.isfile(os.path.join(folder, "__init__.py")) or os.path.isfile(os.path.join(folder, "__init__.pyi")):
        folder, name = os.path.split(folder)
        parts.insert(0, name)
        if not name:
            break
    return ".".join(p for p in parts if p), is_package


# -- per-module facts ----------------------------------------------------------------------------------


@dataclass
class Fact:
    """What a module-level name is bound to."""

    kind: str = Kind.UNKNOWN
    #: a declarative base given `__allow_unmapped__` at module level (`Base.__allow_unmapped__ = True`)
    allow_unmapped: bool = False
    #: ALIAS-like facts: the dotted name this one stands for (an import, ``x = other.name``)
    ref: Optional[str] = None
    #: Engine this MetaData / sessionmaker / declarative base is bound to (a dotted name or an expression
    #: spelled as written, e.g. ``create_engine(...)`` → "<call>")
    bind: Optional[str] = None
    #: MetaData of a Table / declarative base (dotted name)
    metadata: Optional[str] = None
    line: int = 0
    #: the keyword names of the constructor call (kept for Flask-SQLAlchemy's `SQLAlchemy(query_class=...)`)
    keywords: Tuple[str, ...] = ()


@dataclass
class ClassFacts:
    name: str
    bases: List[str]  # dotted names as resolved through this module's imports
    decorators: List[str]
    columns: List[str] = field(default_factory=list)
    #: relationship name → target (class name as written, or its dotted name)
    relationships: Dict[str, str] = field(default_factory=dict)
    #: relationship name → the name of the backref it declares on its target (``backref="user"``): an
    #: attribute the target has without declaring it (query-strings)
    backrefs: Dict[str, str] = field(default_factory=dict)
    #: relationship name → the attribute its backref/back_populates names on the target, for the
    #: relationships through which 1.x cascaded (not cascade_backrefs=False): cascade-backrefs
    cascading_backrefs: Dict[str, str] = field(default_factory=dict)
    tablename: Optional[str] = None
    line: int = 0
    #: every name the class body binds (attributes, methods): `query_class`, `__abstract__`, ...
    names: List[str] = field(default_factory=list)
    #: `__allow_unmapped__` set truthy in the body or on the class at module level (declarative.py)
    allow_unmapped: bool = False
    #: `__abstract__ = True` in the body
    abstract: bool = False
    #: annotated attributes of the body: name → "<annotation>:<value>" (declarative.annotation_code)
    annotations: Dict[str, str] = field(default_factory=dict)
    #: `@declared_attr` functions of the body: name → "<return annotation>:<returned>"
    #: (declarative.declared_attr_code)
    declared_attrs: Dict[str, str] = field(default_factory=dict)


@dataclass
class ModuleFacts:
    module: str
    path: str
    is_package: bool = False
    #: module-level names bound by imports → the dotted name they stand for
    imports: Dict[str, str] = field(default_factory=dict)
    star_imports: List[str] = field(default_factory=list)
    #: module-level names bound by assignments (and defs/classes, as FOREIGN facts)
    bindings: Dict[str, Fact] = field(default_factory=dict)
    classes: Dict[str, ClassFacts] = field(default_factory=dict)
    #: the module imports SQLAlchemy (or Alembic): its attributes may be SQLAlchemy objects
    sqla: bool = False
    #: module-level calls `f(C, ...)` that may map class C imperatively (`mapper(C, t)`,
    #: `registry.map_imperatively(C, t)`): (callee, class) as dotted names, decided against the merged index
    imperative: List[Tuple[str, str]] = field(default_factory=list)
    #: calls anywhere in the module that rely on (or may rely on) a bound MetaData (see binds.py)
    uses: List["UseFact"] = field(default_factory=list)
    #: `x.bind = engine` statements anywhere in the module (a function's included)
    bind_sites: List["BindSite"] = field(default_factory=list)
    #: module-level names bound only under `if __name__ == "__main__":` (not there when imported)
    main_only: Set[str] = field(default_factory=set)


@dataclass
class UseFact:
    """A call, anywhere in a module, that 1.x ran on the engine of a bound MetaData unless given one:
    `md.create_all()`, `t.create()`, `t.exists()`, `Table(..., autoload=True)`, an unbound
    `sessionmaker()`, `stmt.execute()`. Recorded before any rewrite so that a bind site in another module can
    tell whether every use of its MetaData is rewritten (binds.py)."""

    #: create_all, drop_all, reflect, create, drop, exists, autoload, session, configure, execute, scalar
    form: str
    line: int
    #: the dotted names the receiver (or, for a statement, each name in it) may stand for
    names: Tuple[str, ...] = ()
    #: the statement has a shape the implicit-execution codemod rewrites (shapes 1-3 of §2c, not in a class
    #: body); for a sessionmaker, it has no Session class of its own (class_=)
    simple: bool = True
    #: names bound in the functions around the call (an engine spelled by name must not be one of them)
    shadowed: Tuple[str, ...] = ()
    #: for `session`: the module-level name the sessionmaker is assigned to (`Session = sessionmaker()`)
    target: Optional[str] = None
    #: the call runs at import time (module level): an engine of the same module must be defined above it
    toplevel: bool = False


@dataclass
class BindSite:
    """`owner.bind = value` anywhere in a module: the MetaData named by ``owner`` is bound at run time."""

    owner: Tuple[str, ...]
    #: the engine as `_spelled` gives it at module level; "<local>" for a value bound in a function
    engine: str
    line: int


def absolute_import(module: Optional[str], level: int, current: str, is_package: bool) -> Optional[str]:
    if level == 0:
        return module
    if not current:
        return None
    parts = current.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        if level - 1 > len(parts):
            return None
        parts = parts[: len(parts) - (level - 1)]
    base = ".".join(parts)
    if module:
        return f"{base}.{module}" if base else module
    return base or None


def dotted(node: ast.AST) -> Optional[str]:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


class ImportTable:
    """Local names → dotted names, from a module's imports (used by the facts and by site detection)."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.module, self.is_package = module, is_package
        self.names: Dict[str, Set[str]] = {}
        self.stars: List[str] = []

    def add_import(self, node: ast.AST) -> List[Tuple[str, str]]:
        added: List[Tuple[str, str]] = []
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    added.append((alias.asname, alias.name))
                else:
                    top = alias.name.split(".")[0]
                    added.append((top, top))
        elif isinstance(node, ast.ImportFrom):
            base = absolute_import(node.module, node.level or 0, self.module, self.is_package)
            if base is None:
                return added
            for alias in node.names:
                if alias.name == "*":
                    self.stars.append(base)
                else:
                    added.append((alias.asname or alias.name, f"{base}.{alias.name}"))
        for name, target in added:
            self.names.setdefault(name, set()).add(target)
        return added

    def resolve(self, node: ast.AST) -> Set[str]:
        """Dotted names ``node`` (a Name/Attribute chain) may stand for; a name no import binds stands for
        itself under each star import."""
        if isinstance(node, ast.Name):
            found = self.names.get(node.id)
            if found:
                return set(found)
            return {f"{m}.{node.id}" for m in self.stars}
        if isinstance(node, ast.Attribute):
            return {f"{q}.{node.attr}" for q in self.resolve(node.value)}
        return set()


def module_facts(tree: ast.Module, module: str, path: str, is_package: bool, table: ImportTable) -> ModuleFacts:
    """Module-level facts of one parsed module (``table`` already holds the module's imports)."""
    facts = ModuleFacts(module=module, path=path, is_package=is_package, star_imports=list(table.stars))

    def one(names: Set[str]) -> Optional[str]:
        return next(iter(names)) if len(names) == 1 else None

    def evaluate(value: ast.AST, line: int) -> Fact:
        if isinstance(value, (ast.Name, ast.Attribute)):
            ref = one(table.resolve(value)) if isinstance(value, ast.Attribute) or value.id in table.names else None
            if ref is None and isinstance(value, ast.Name):
                ref = f"{module}.{value.id}" if module else value.id
            return Fact(kind=Kind.UNKNOWN, ref=ref, line=line)
        if isinstance(value, ast.Call):
            callee = table.resolve(value.func)
            kind = next((CONSTRUCTORS[q] for q in callee if q in CONSTRUCTORS), None)
            if (
                kind is None
                and isinstance(value.func, ast.Attribute)
                and value.func.attr == "generate_base"
                and _receiver_kind(value.func.value, facts, lambda v: evaluate(v, line)) == Kind.REGISTRY
            ):
                kind = Kind.DECLARATIVE_BASE  # `registry().generate_base()`, `reg.generate_base()`
            if kind is None and isinstance(value.func, ast.Name) and value.func.id in facts.bindings:
                # `Session = sessionmaker(); session = Session()`, `engine = make_engine()` of this module
                inner = facts.bindings[value.func.id].kind
                kind = {Kind.SESSIONMAKER: Kind.SESSION, Kind.SCOPED_SESSION: Kind.SESSION}.get(inner)
            fact = Fact(kind=kind or Kind.UNKNOWN, line=line)
            if kind in (Kind.METADATA, Kind.SESSIONMAKER, Kind.DECLARATIVE_BASE, Kind.SCOPED_SESSION, Kind.SESSION):
                bind = next((k.value for k in value.keywords if k.arg == "bind"), None)
                if bind is None and kind in (Kind.METADATA, Kind.DECLARATIVE_BASE) and value.args:
                    bind = value.args[0]  # 1.x: MetaData(engine) / MetaData("sqlite://") / declarative_base(engine)
                if bind is None and kind == Kind.SCOPED_SESSION and value.args:
                    inner = evaluate(value.args[0], line)
                    fact.bind = inner.bind
                if bind is not None:
                    fact.bind = _spelled(bind, table, module)
            if kind == Kind.FROMCLAUSE and len(value.args) >= 2:
                fact.metadata = _spelled(value.args[1], table, module)
            if kind == Kind.DECLARATIVE_BASE:
                meta = next((k.value for k in value.keywords if k.arg == "metadata"), None)
                if meta is not None:
                    fact.metadata = _spelled(meta, table, module)
            if kind == Kind.FLASK_SQLALCHEMY:
                fact.keywords = tuple(k.arg or "**" for k in value.keywords)
            return fact
        if isinstance(value, (ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp, ast.JoinedStr)):
            return Fact(kind=Kind.FOREIGN, line=line)
        return Fact(kind=Kind.UNKNOWN, line=line)

    def imperative(call: ast.AST) -> None:
        if isinstance(call, ast.Call) and call.args and isinstance(call.args[0], (ast.Name, ast.Attribute)):
            callee, cls = dotted(call.func), _spelled(call.args[0], table, module)
            if callee is not None:
                names = table.resolve(call.func)
                facts.imperative.append((one(names) or (f"{module}.{callee}" if module else callee), cls))
    # `from __future__ import annotations`: every annotation is a string 2.0 evaluates (declarative.py)
    future = any(
        isinstance(s, ast.ImportFrom) and s.module == "__future__" and any(a.name == "annotations" for a in s.names)
        for s in tree.body
    )

    def statements(body: Iterable[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.Expr):
                imperative(stmt.value)
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                for name, target in _imports_of(stmt, module, is_package):
                    facts.imports[name] = target
            elif isinstance(stmt, ast.Assign):
                imperative(stmt.value)
                fact = evaluate(stmt.value, stmt.lineno)
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        facts.bindings[target.id] = fact
                    elif isinstance(target, ast.Attribute) and target.attr == "bind":
                        # `metadata.bind = engine`: the MetaData named here is bound
                        owner = dotted(target.value)
                        if owner in facts.bindings:
                            facts.bindings[owner].bind = _spelled(stmt.value, table, module)
                    elif isinstance(target, ast.Attribute) and target.attr == "__allow_unmapped__":
                        # `Base.__allow_unmapped__ = True` after `Base = declarative_base()`
                        owner = dotted(target.value)
                        truthy = _truthy(stmt.value)
                        if owner in facts.bindings:
                            facts.bindings[owner].allow_unmapped = truthy
                        elif owner in facts.classes:
                            facts.classes[owner].allow_unmapped = truthy
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                if stmt.value is not None:
                    facts.bindings[stmt.target.id] = evaluate(stmt.value, stmt.lineno)
                else:
                    kind = next((ANNOTATIONS[q] for q in table.resolve(stmt.annotation) if q in ANNOTATIONS), Kind.UNKNOWN)
                    facts.bindings[stmt.target.id] = Fact(kind=kind, line=stmt.lineno)
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                facts.bindings[stmt.name] = Fact(kind=Kind.FOREIGN, line=stmt.lineno)
            elif isinstance(stmt, ast.ClassDef):
                facts.classes[stmt.name] = _class_facts(stmt, table, module, future)
                facts.bindings.pop(stmt.name, None)
            elif isinstance(stmt, ast.If) and _is_main_guard(stmt.test):
                before = set(facts.bindings)
                statements(stmt.body)
                facts.main_only.update(set(facts.bindings) - before)
                statements(stmt.orelse)
            elif isinstance(stmt, (ast.If, ast.Try, getattr(ast, "TryStar", ast.Try))):
                # module-level `try: import x except ImportError: ...` and `if TYPE_CHECKING:` blocks
                statements(stmt.body)
                for handler in getattr(stmt, "handlers", ()):
                    statements(handler.body)
                statements(stmt.orelse)
                statements(getattr(stmt, "finalbody", ()))

    statements(tree.body)
    _use_facts(tree, table, module, facts)
    facts.sqla = any(is_sqla_qualified(t) for t in facts.imports.values()) or any(
        is_sqla_qualified(t) for t in table.stars
    ) or any(f.kind not in (Kind.UNKNOWN, Kind.FOREIGN) for f in facts.bindings.values())
    return facts


def _receiver_kind(node: ast.AST, facts: ModuleFacts, evaluate) -> str:
    """The kind of a method's receiver: a name of this module bound so far, or a call."""
    if isinstance(node, ast.Name):
        found = facts.bindings.get(node.id)
        return found.kind if found is not None else Kind.UNKNOWN
    return evaluate(node).kind if isinstance(node, ast.Call) else Kind.UNKNOWN


def _truthy(node: ast.AST) -> bool:
    """Whether a constant assigned to a flag is truthy (anything else counts as set)."""
    return bool(node.value) if isinstance(node, ast.Constant) else True


def _is_main_guard(test: ast.AST) -> bool:
    """`__name__ == "__main__"`."""
    return (
        isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
        and len(test.comparators) == 1 and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _imports_of(stmt: ast.AST, module: str, is_package: bool) -> List[Tuple[str, str]]:
    table = ImportTable(module, is_package)
    return table.add_import(stmt)


def _spelled(node: ast.AST, table: ImportTable, module: str) -> str:
    """A bind/metadata argument as a dotted name when it is one, else a marker of what it is."""
    if isinstance(node, ast.Name):
        found = table.names.get(node.id)
        if found and len(found) == 1:
            return next(iter(found))
        return f"{module}.{node.id}" if module else node.id
    if isinstance(node, ast.Attribute):
        names = table.resolve(node)
        if len(names) == 1:
            return next(iter(names))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "<url>"
    return "<expr>"


_BUILTIN_BASES = frozenset({"object", "dict", "list", "tuple", "str", "int", "Exception"})
_MAPPER_FUNCTIONS = {"sqlalchemy.orm.mapper", "sqlalchemy.orm.mapperlib.mapper", "sqlalchemy.orm.mapper.mapper"}
_RELATIONSHIPS = {"sqlalchemy.orm.relationship", "sqlalchemy.orm.relation", "sqlalchemy.orm.relationships.relationship"}
_BACKREFS = {"sqlalchemy.orm.backref", "sqlalchemy.orm.relationships.backref"}
_COLUMNS = {"sqlalchemy.Column", "sqlalchemy.schema.Column", "sqlalchemy.sql.schema.Column", "sqlalchemy.orm.mapped_column", "sqlalchemy.orm.column_property", "sqlalchemy.orm.deferred"}


def _class_facts(node: ast.ClassDef, table: ImportTable, module: str, future: bool = False) -> ClassFacts:
    def name_of(expr: ast.AST) -> str:
        if isinstance(expr, ast.Subscript):  # `Base[T]`, `Generic[T]`: the generic class itself
            expr = expr.value
        names = table.resolve(expr)
        if len(names) == 1:
            return next(iter(names))
        d = dotted(expr)
        if d in _BUILTIN_BASES:
            return d  # `class Legacy(object)`: not a name of this module
        return f"{module}.{d}" if d and module else (d or "<expr>")

    facts = ClassFacts(
        name=node.name,
        bases=[name_of(b) for b in node.bases],
        decorators=[name_of(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list],
        line=node.lineno,
    )
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            facts.names.append(stmt.name)
        elif isinstance(stmt, ast.Assign):
            facts.names.extend(t.id for t in stmt.targets if isinstance(t, ast.Name))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            facts.names.append(stmt.target.id)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            code = declared_attr_code(stmt, table.resolve)
            if code is not None:
                facts.declared_attrs[stmt.name] = code
            continue
        target, value = None, None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            target, value = stmt.targets[0].id, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            target, value = stmt.target.id, stmt.value
        if target is None:
            continue
        if target == "__tablename__" and isinstance(value, ast.Constant) and isinstance(value.value, str):
            facts.tablename = value.value
        if target == "__allow_unmapped__" and value is not None:
            facts.allow_unmapped = _truthy(value)
        if target == "__abstract__" and value is not None:
            facts.abstract = _truthy(value)
        if isinstance(stmt, ast.AnnAssign):
            facts.annotations[target] = annotation_code(stmt.annotation, value, table.resolve, future)
        if isinstance(value, ast.Call):
            callee = table.resolve(value.func)
            if callee & _RELATIONSHIPS and value.args:
                first = value.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    facts.relationships[target] = first.value
                else:
                    facts.relationships[target] = name_of(first)
                reverse = _reverse_attribute(value)
                if reverse is not None:
                    facts.cascading_backrefs[target] = reverse
                backref = _backref_name(value, table)
                if backref is not None:
                    facts.backrefs[target] = backref
            elif callee & _COLUMNS:
                facts.columns.append(target)
    return facts


def _reverse_attribute(call: ast.Call) -> Optional[str]:
    """The attribute a relationship() call's ``backref="x"`` / ``backref=backref("x", ...)`` /
    ``back_populates="x"`` names, unless cascade_backrefs=False is set (1.x then never cascaded through it)."""
    found: Optional[str] = None
    for kw in call.keywords:
        value = kw.value
        if kw.arg == "cascade_backrefs" and isinstance(value, ast.Constant) and value.value is False:
            return None
        if kw.arg in ("backref", "back_populates"):
            if isinstance(value, ast.Call) and value.args:
                if any(k.arg == "cascade_backrefs" and isinstance(k.value, ast.Constant) and k.value.value is False for k in value.keywords):
                    return None
                value = value.args[0]
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found = value.value
    return found


def _backref_name(call: ast.Call, table: ImportTable) -> Optional[str]:
    """The attribute ``relationship(..., backref="user")`` / ``backref=backref("user", ...)`` puts on its target."""
    value = next((k.value for k in call.keywords if k.arg == "backref"), None)
    if isinstance(value, ast.Call) and table.resolve(value.func) & _BACKREFS and value.args:
        value = value.args[0]
    if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value.isidentifier():
        return value.value
    return None


# -- the merged index ----------------------------------------------------------------------------------


@dataclass
class ProjectIndex:
    modules: Dict[str, ModuleFacts] = field(default_factory=dict)

    def add(self, facts: ModuleFacts) -> None:
        if facts.module:
            self.modules[facts.module] = facts
            self._sqla_prefixes = None
            self._imperatively_mapped = None
            self._hierarchy = None  # declarative.hierarchy_of

    def _split(self, qualified: str) -> Optional[Tuple[ModuleFacts, List[str]]]:
        parts = qualified.split(".")
        for i in range(len(parts) - 1, 0, -1):
            module = self.modules.get(".".join(parts[:i]))
            if module is not None:
                return module, parts[i:]
        return None

    def canonical(self, qualified: str, _depth: int = 0) -> str:
        """Where ``qualified`` is defined: imports, re-exports and aliases followed."""
        if _depth > 16 or is_sqla_qualified(qualified):
            return qualified
        found = self._split(qualified)
        if found is None:
            return qualified
        module, rest = found
        head, tail = rest[0], rest[1:]
        target = module.imports.get(head)
        if target is None:
            fact = module.bindings.get(head)
            if fact is not None and fact.ref is not None and fact.kind == Kind.UNKNOWN:
                target = fact.ref
        if target is None and head not in module.bindings and head not in module.classes:
            for star in module.star_imports:
                candidate = self.canonical(f"{star}.{head}", _depth + 1)
                if candidate != f"{star}.{head}" or is_sqla_qualified(candidate) or self.fact(candidate) is not None:
                    target = candidate
                    break
        if target is None or target == qualified:
            return qualified
        return self.canonical(".".join([target, *tail]), _depth + 1)

    def fact(self, qualified: str) -> Optional[Fact]:
        """The fact bound at ``qualified`` (already canonical), when a module of the project binds it."""
        found = self._split(qualified)
        if found is None:
            return None
        module, rest = found
        if len(rest) != 1:
            return None
        if rest[0] in module.classes:
            return Fact(kind=self.class_kind(module, rest[0]), line=module.classes[rest[0]].line)
        return module.bindings.get(rest[0])

    def kind(self, qualified: str) -> str:
        """The kind of what ``qualified`` names, Kind.UNKNOWN when the index cannot tell."""
        canonical = self.canonical(qualified)
        fact = self.fact(canonical)
        if fact is None:
            return Kind.UNKNOWN
        if fact.kind == Kind.UNKNOWN and fact.ref:
            return self.kind(fact.ref) if fact.ref != canonical else Kind.UNKNOWN
        return fact.kind

    def class_facts(self, qualified: str) -> Optional[ClassFacts]:
        found = self._split(self.canonical(qualified))
        if found is None or len(found[1]) != 1:
            return None
        return found[0].classes.get(found[1][0])

    def class_kind(self, module: ModuleFacts, name: str, _depth: int = 0) -> str:
        """MAPPED_CLASS for a class under a declarative base (through any project-defined bases)."""
        cls = module.classes[name]
        if _depth > 16:
            return Kind.FOREIGN
        for base in cls.bases:
            canonical = self.canonical(base)
            if canonical in ("sqlalchemy.orm.DeclarativeBase", "sqlalchemy.orm.DeclarativeBaseNoMeta"):
                return Kind.DECLARATIVE_BASE
            fact = self.fact(canonical) if not is_sqla_qualified(canonical) else None
            if fact is not None and fact.kind in (Kind.DECLARATIVE_BASE, Kind.MAPPED_CLASS):
                return Kind.MAPPED_CLASS
            if self._flask_model(canonical) is not None:
                return Kind.MAPPED_CLASS
        if f"{module.module}.{name}" in self._imperative():
            return Kind.MAPPED_CLASS
        return Kind.FOREIGN

    def is_mapped(self, qualified: str) -> bool:
        """Whether the project class ``qualified`` is mapped (declaratively, or by a module-level mapper())."""
        found = self._split(self.canonical(qualified))
        if found is None or len(found[1]) != 1 or found[1][0] not in found[0].classes:
            return False
        return self.class_kind(found[0], found[1][0]) == Kind.MAPPED_CLASS

    def _flask_model(self, base: str) -> Optional[str]:
        """For ``<db>.Model`` (canonical) with ``<db>`` a Flask-SQLAlchemy instance, ``<db>``."""
        owner, _, attr = base.rpartition(".")
        if attr == "Model" and owner and self.kind(owner) == Kind.FLASK_SQLALCHEMY:
            return self.canonical(owner)
        return None

    def flask_db(self, qualified: str, _depth: int = 0) -> Optional[str]:
        """The Flask-SQLAlchemy instance (canonical name) whose ``db.Model`` the project class ``qualified``
        derives from, through project classes that bind none of ``query``/``query_class`` (which would
        change what ``Model.query`` is); None otherwise."""
        cls = self.class_facts(qualified)
        if cls is None or _depth > 16 or {"query", "query_class"} & set(cls.names):
            return None
        for base in cls.bases:
            canonical = self.canonical(base)
            db = self._flask_model(canonical) or self.flask_db(canonical, _depth + 1)
            if db is not None:
                return db
        return None

    def _imperative(self) -> Set[str]:
        """Project classes mapped by a module-level `mapper(C, t)` / `<registry>.map_imperatively(C, t)`."""
        mapped = getattr(self, "_imperatively_mapped", None)
        if mapped is None:
            mapped = self._imperatively_mapped = set()  # (kind() below may ask class_kind again)
            for module in self.modules.values():
                for callee, cls in module.imperative:
                    canonical = self.canonical(callee)
                    owner, _, attr = canonical.rpartition(".")
                    if canonical in _MAPPER_FUNCTIONS or (
                        attr == "map_imperatively" and self.kind(owner) == Kind.REGISTRY
                    ):
                        mapped.add(self.canonical(cls))
        return mapped

    def is_sqla(self, qualified: str) -> bool:
        """Whether importing ``qualified`` can bring SQLAlchemy objects into a module: a name of
        SQLAlchemy's (or Alembic's), a project name bound to a SQLAlchemy object, or a project module or
        package through whose attributes one is reached (`from app import db; db.Session.query(...)`)."""
        canonical = self.canonical(qualified)
        if is_sqla_qualified(canonical):
            return True
        if canonical in self._prefixes():
            return True
        return self.kind(canonical) not in (Kind.UNKNOWN, Kind.FOREIGN)

    def _prefixes(self) -> Set[str]:
        prefixes = getattr(self, "_sqla_prefixes", None)
        if prefixes is None:
            prefixes = set()
            for name, module in self.modules.items():
                if module.sqla:
                    parts = name.split(".")
                    prefixes.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
            self._sqla_prefixes = prefixes
        return prefixes

    # -- mapped attributes (query-strings: a string attribute name → the class-bound attribute) ---------

    def _classes_named(self, name: str) -> List[str]:
        by_name = getattr(self, "_by_class_name", None)
        if by_name is None:
            by_name = {}
            for module_name, module in self.modules.items():
                for class_name in module.classes:
                    by_name.setdefault(class_name, []).append(f"{module_name}.{class_name}")
            self._by_class_name = by_name
        return by_name.get(name, [])

    def class_lineage(self, qualified: str) -> List[str]:
        """``qualified`` (canonical) and the project classes it inherits from, nearest first (mixins too)."""
        out: List[str] = []
        stack = [self.canonical(qualified)]
        while stack and len(out) < 32:
            current = stack.pop(0)
            if current in out:
                continue
            facts = self.class_facts(current)
            if facts is None:
                continue
            out.append(current)
            stack.extend(self.canonical(b) for b in facts.bases if not is_sqla_qualified(self.canonical(b)))
        return out

    def relationship_target(self, owner: str, target: str) -> Optional[str]:
        """The mapped class a relationship of ``owner`` (canonical) declared with ``target`` (a class name
        as a string, a module-qualified string, or the dotted name of the class) points to, when exactly
        one project class is it: the declarative registry resolves a class name the same way."""
        if "<" in target:
            return None
        canonical = self.canonical(target)
        if self.class_facts(canonical) is not None and self.kind(canonical) == Kind.MAPPED_CLASS:
            return canonical
        found = [q for q in self._classes_named(target.rsplit(".", 1)[-1]) if self.kind(q) == Kind.MAPPED_CLASS]
        if "." in target:  # `relationship("app.models.Address")`
            found = [q for q in found if q == target or q.endswith("." + target)]
        if len(found) > 1:
            # a registry is one declarative base's: classes of that name under other bases are not it
            base = self._declarative_base(owner)
            found = [q for q in found if base is not None and self._declarative_base(q) == base]
        return found[0] if len(found) == 1 else None

    def _declarative_base(self, qualified: str) -> Optional[str]:
        for cls in self.class_lineage(qualified):
            for b in self.class_facts(cls).bases:
                canonical = self.canonical(b)
                if not is_sqla_qualified(canonical) and self.kind(canonical) == Kind.DECLARATIVE_BASE:
                    return canonical
        return None

    def mapped_attribute(self, qualified: str, name: str) -> Optional[Tuple[str, Optional[str]]]:
        """What ``name`` is on the mapped class ``qualified``: ("relationship", target class or None),
        ("column", None) or ("backref", target class), declared on it or inherited from a project base or
        mixin; None when the index does not know it."""
        lineage = self.class_lineage(qualified)
        for cls in lineage:
            facts = self.class_facts(cls)
            if name in facts.relationships:
                return "relationship", self.relationship_target(cls, facts.relationships[name])
            if name in facts.columns:
                return "column", None
        # `relationship("Address", backref="user")` on another class puts `user` on this one (at mapper
        # configuration)
        for module_name, module in self.modules.items():
            for class_name, facts in module.classes.items():
                for rel, backref in facts.backrefs.items():
                    if backref != name:
                        continue
                    owner = f"{module_name}.{class_name}"
                    if self.relationship_target(owner, facts.relationships[rel]) in lineage:
                        return "backref", owner
        return None

# -- uses of bound MetaData (binds.py reads them) --------------------------------------------------------

#: MetaData methods that 1.x ran on the bound engine when given none
METADATA_USE_METHODS = frozenset({"create_all", "drop_all", "reflect"})
#: Table / Index / Sequence / Enum methods that did the same
SCHEMA_ITEM_USE_METHODS = frozenset({"create", "drop", "exists"})
#: what a result may be consumed by, inside the statement that executes it (§2c shape 2)
TERMINAL_METHODS = frozenset({
    "fetchall", "fetchone", "fetchmany", "first", "scalar", "one", "one_or_none", "all", "scalar_one",
    "scalar_one_or_none", "keys",
})
TERMINAL_ATTRIBUTES = frozenset({"rowcount", "inserted_primary_key", "lastrowid"})
_STATEMENT_KINDS = (Kind.SELECT, Kind.DML, Kind.COMPOUND, Kind.TEXT, Kind.DDL, Kind.EXISTS)
SQLA_FUNC = frozenset(f"{m}.func" for m in ("sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression", "sqlalchemy.sql.functions"))


def implicit_call_in(stmt: ast.stmt) -> Optional[ast.Call]:
    """The `X.execute(...)` / `X.scalar(...)` call that ``stmt`` has in one of the shapes the implicit-execution
    codemod rewrites: the whole expression statement; the value of `name = ...` or `return ...`, alone or
    consumed at once by a terminal (`.fetchall()`, `.rowcount`, ...); the iterable of a for loop."""
    def method(node: Optional[ast.AST], *names: str) -> bool:
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names

    value: Optional[ast.AST] = None
    if isinstance(stmt, ast.Expr):
        value = stmt.value
        return value if method(value, "execute", "scalar") else None  # type: ignore[return-value]
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        value = stmt.value
    elif isinstance(stmt, ast.Return):
        value = stmt.value
    elif isinstance(stmt, ast.For):
        if any(isinstance(n, (ast.Yield, ast.YieldFrom, ast.Await)) for n in ast.walk(stmt)):
            return None
        # a loop moves inside the block only on connect(), i.e. over a SELECT (see implicit_execution.py)
        return stmt.iter if method(stmt.iter, "execute") and _selects(stmt.iter.func.value) else None  # type: ignore[attr-defined,return-value]
    if value is None:
        return None
    inner: Optional[ast.AST] = None
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in TERMINAL_METHODS:
        inner = value.func.value
    elif isinstance(value, ast.Attribute) and value.attr in TERMINAL_ATTRIBUTES:
        inner = value.value
    if method(inner, "execute"):
        return inner  # type: ignore[return-value]
    return value if method(value, "scalar") else None  # type: ignore[return-value]


def _is_implicit(node: ast.AST) -> bool:
    """`x.execute(...)` / `x.scalar(...)`, but not a Result's `x.execute().scalar()`."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("execute", "scalar")):
        return False
    inner = node.func.value
    return not (node.func.attr == "scalar" and isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == "execute")


def _inline_call_in(stmt: ast.stmt) -> Optional[ast.Call]:
    """A simple statement's one implicit execution, consumed where it is made (`print(stmt.scalar())`): the
    implicit-execution codemod moves the statement into the block (its `_inline_call`, which accepts at
    least these)."""
    if not isinstance(stmt, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return)):
        return None
    calls = [n for n in ast.walk(stmt) if _is_implicit(n)]
    if len(calls) != 1 or any(isinstance(n, ast.Lambda) for n in ast.walk(stmt)):
        return None
    call = calls[0]
    if call.func.attr == "scalar":  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]
    for n in ast.walk(stmt):
        if isinstance(n, ast.Attribute) and n.value is call and n.attr in TERMINAL_ATTRIBUTES:
            return call  # type: ignore[return-value]
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.value is call and n.func.attr in TERMINAL_METHODS:
            return call  # type: ignore[return-value]
    return None


_CONSUMERS = TERMINAL_METHODS | TERMINAL_ATTRIBUTES | {"close"}


def _occurrences(node: ast.AST, name: str) -> Tuple[int, Set[int]]:
    """How often ``name`` occurs in ``node`` (as a name, a parameter, a def/class/import name), and the ids
    of the Name nodes that consume a Result (`res.fetchall()`, `res.rowcount`, `for r in res`)."""
    count, consumed = 0, set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id == name:
            count += 1
        elif isinstance(n, ast.arg) and n.arg == name:
            count += 1
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.name == name:
            count += 1
        elif isinstance(n, ast.alias) and (n.asname or n.name) == name:
            count += 1
        elif isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names:
            count += 1
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == name and n.attr in _CONSUMERS:
            consumed.add(id(n.value))
        elif isinstance(n, ast.For) and isinstance(n.iter, ast.Name) and n.iter.id == name:
            consumed.add(id(n.iter))
    return count, consumed


def _used_result_call_in(stmts: List[ast.stmt], i: int, scope: ast.AST) -> Optional[ast.Call]:
    """Shape 4: `res = stmt.execute()` whose every later use, in the statements after it in the same block,
    consumes the Result, with no other use in the scope (the codemod's `_last_use`); over a SELECT only
    when statements after it move into the block too (a write's block must hold nothing else)."""
    stmt = stmts[i]
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return None
    call = stmt.value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "execute"):
        return None
    name = stmt.targets[0].id
    last, inside = i, _occurrences(stmt, name)[0]
    for j in range(i + 1, len(stmts)):
        count, consumed = _occurrences(stmts[j], name)
        if not count:
            continue
        names = [n for n in ast.walk(stmts[j]) if isinstance(n, ast.Name) and n.id == name]
        if len(names) != count or any(id(n) not in consumed for n in names):
            return None
        last, inside = j, inside + count
    if _occurrences(scope, name)[0] != inside:
        return None
    if last > i and not _selects(call.func.value):
        return None
    return call


def _selects(node: ast.AST) -> bool:
    """A chain that is plainly a SELECT: `t.select()...`, `select(...)...` (by name: a conservative
    answer for loops, see implicit_call_in), with no insert/update/delete/execution_options in it."""
    methods = []
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        methods.append(node.func.attr)
        node = node.func.value
    if any(m in ("insert", "update", "delete", "execution_options", "returning") for m in methods):
        return False
    root = node.func if isinstance(node, ast.Call) else None
    name = root.id if isinstance(root, ast.Name) else (root.attr if isinstance(root, ast.Attribute) else None)
    return "select" in methods or name in ("select", "union", "union_all", "exists")


def _statement_root(node: ast.AST) -> ast.AST:
    """The start of a method chain: `select(...).where(...).order_by(...)` → `select(...)`."""
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return node


#: the identifiers without one of which a module has no use of a bound MetaData and no bind site
_USE_WORDS = frozenset(
    {"create_all", "drop_all", "reflect", "create", "drop", "exists", "execute", "scalar", "configure", "bind",
     "autoload", "sessionmaker", "Session", "scoped_session"}
)


def _may_have_uses(tree: ast.Module) -> Tuple[bool, bool]:
    """One cheap walk: does the module spell any of ``_USE_WORDS`` (as a name, an attribute, a keyword or
    an import), and does it call `.execute`/`.scalar` at all? Most modules of a project do neither, and the
    full pass below costs several walks of them."""
    any_word = executes = False
    for node in ast.walk(tree):
        t = type(node)
        if t is ast.Attribute:
            attr = node.attr  # type: ignore[attr-defined]
            if attr in _USE_WORDS:
                any_word = True
                if attr in ("execute", "scalar"):
                    executes = True
                    break
        elif (t is ast.Name and node.id in _USE_WORDS) or (t is ast.keyword and node.arg in _USE_WORDS):  # type: ignore[attr-defined]
            any_word = True
        elif t is ast.alias and node.name.rpartition(".")[2] in _USE_WORDS:  # type: ignore[attr-defined]
            any_word = True
    return any_word, executes


def _use_facts(tree: ast.Module, table: ImportTable, module: str, facts: ModuleFacts) -> None:
    """Fill ``facts.uses`` and ``facts.bind_sites`` from the whole module (function bodies included)."""
    any_word, executes = _may_have_uses(tree)
    if not any_word:
        return

    def resolved(node: ast.AST, local: Set[str]) -> Tuple[str, ...]:
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or root.id in local:
            return ()
        d = dotted(node)
        if root.id not in table.names and (root.id in facts.bindings or root.id in facts.classes) and d:
            return (f"{module}.{d}" if module else d,)  # a module-level name of this module
        return tuple(sorted(table.resolve(node)))

    def names_in(node: ast.AST, local: Set[str]) -> Tuple[str, ...]:
        """What every name and attribute chain in ``node`` may stand for (`models.users.c.id` gives
        app.models, app.models.users, ...)."""
        out: Set[str] = set()
        for n in ast.walk(node):
            if isinstance(n, (ast.Name, ast.Attribute)):
                out.update(q for q in resolved(n, local) if not is_sqla_qualified(q))
        return tuple(sorted(out))

    def callee(node: ast.Call, local: Set[str]) -> Set[str]:
        return set(resolved(node.func, local)) if isinstance(node.func, (ast.Name, ast.Attribute)) else set()

    def has_bind(call: ast.Call) -> bool:
        return bool(call.args) or any(k.arg in ("bind", "binds") or k.arg is None for k in call.keywords)

    def call_fact(call: ast.Call, local: Set[str], simple_calls: Set[int], in_class: bool, targets: Dict[int, str]) -> None:
        before = len(facts.uses)
        one_call(call, local, simple_calls, in_class, targets)
        if len(facts.uses) > before and not local and not in_class:
            facts.uses[-1].toplevel = True

    def one_call(call: ast.Call, local: Set[str], simple_calls: Set[int], in_class: bool, targets: Dict[int, str]) -> None:
        line, shadowed = call.lineno, tuple(sorted(local))
        func = call.func
        qualified = callee(call, local)
        kind = next((CONSTRUCTORS[q] for q in qualified if q in CONSTRUCTORS), None)
        if kind == Kind.FROMCLAUSE and any(q.endswith(".Table") for q in qualified):
            auto = next((k.value for k in call.keywords if k.arg == "autoload"), None)
            if isinstance(auto, ast.Constant) and auto.value is True and len(call.args) >= 2:
                if not any(k.arg == "autoload_with" for k in call.keywords):
                    facts.uses.append(UseFact("autoload", line, resolved(call.args[1], local), True, shadowed))
            return
        if kind in (Kind.SESSIONMAKER, Kind.SESSION) and not has_bind(call):
            # a Session class of the user's own (class_=) may choose its bind: reported, not rewritten
            own_class = any(k.arg == "class_" for k in call.keywords)
            facts.uses.append(UseFact("session", line, (), not own_class, shadowed, targets.get(id(call))))
            return
        if not isinstance(func, ast.Attribute):
            return
        attr, receiver = func.attr, func.value
        if attr == "configure" and any(k.arg in ("bind", "binds") for k in call.keywords):
            facts.uses.append(UseFact("configure", line, resolved(receiver, local)))
        elif attr in METADATA_USE_METHODS and not has_bind(call):
            facts.uses.append(UseFact(attr, line, resolved(receiver, local), True, shadowed))
        elif attr in SCHEMA_ITEM_USE_METHODS and not has_bind(call):
            names = resolved(receiver, local)
            root = _statement_root(receiver)
            if names or (isinstance(root, ast.Call) and callee(root, local) & set(CONSTRUCTORS)):
                facts.uses.append(UseFact(attr, line, names or names_in(receiver, local), True, shadowed))
        elif attr in ("execute", "scalar"):
            if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute) and receiver.func.attr == "execute":
                return  # `x.execute().scalar()`: the Result's own method
            root = _statement_root(receiver)
            root_kinds = {CONSTRUCTORS.get(q) for q in callee(root, local)} if isinstance(root, ast.Call) else set()
            is_func = isinstance(root, ast.Call) and any(
                q.rsplit(".", 1)[0] in SQLA_FUNC for q in callee(root, local)
            )
            if root_kinds & {Kind.DDL, Kind.SEQUENCE} and has_bind(call):
                return  # DDL(...).execute(engine): the bind is given
            statement = bool(root_kinds & set(_STATEMENT_KINDS)) or is_func
            if isinstance(root, (ast.Name, ast.Attribute)) and any(not is_sqla_qualified(q) for q in resolved(root, local)):
                statement = True  # `users.insert().execute()`, a module-level statement or Sequence
            if not statement and attr == "execute" and not call.args and not call.keywords:
                statement = True  # `stmt.execute()` on what this pass cannot follow: a possible use
            if not statement:
                return
            simple = id(call) in simple_calls and not in_class
            if any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "execution_options"
                and any(k.arg is None for k in n.keywords)
                for n in ast.walk(receiver)
            ):
                simple = False  # `**opts` may hold autocommit=: begin() there is only an unsafe fix
            if simple and root_kinds & {Kind.TEXT}:
                text = root.args[0] if isinstance(root, ast.Call) and root.args else None  # type: ignore[union-attr]
                simple = isinstance(text, ast.Constant) and isinstance(text.value, str)
            facts.uses.append(UseFact(attr, line, names_in(receiver, local), simple, shadowed))

    def bound_locally(node: ast.AST) -> Set[str]:
        out: Set[str] = set()
        declared_global: Set[str] = set()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = node.args
            for arg in a.posonlyargs + a.args + a.kwonlyargs + [x for x in (a.vararg, a.kwarg) if x]:
                out.add(arg.arg)
        for n in ast.walk(node):
            if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
                out.add(n.id)
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                out.update((a.asname or a.name).split(".")[0] for a in n.names)
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n is not node:
                out.add(n.name)
            elif isinstance(n, ast.Global):
                declared_global.update(n.names)
        return out - declared_global

    def body(stmts: List[ast.stmt], local: Set[str], in_class: bool, header: int = -1, scope: Optional[ast.AST] = None) -> None:
        lines: Dict[int, int] = {header: 1}  # `if x: stmt.execute()` shares its line with the header
        position = {id(s): i for i, s in enumerate(stmts)}
        for s in stmts:
            for ln in {s.lineno, getattr(s, "end_lineno", None) or s.lineno}:
                lines[ln] = lines.get(ln, 0) + 1
        for s in stmts:
            shares_line = lines.get(s.lineno, 0) > 1 or lines.get(getattr(s, "end_lineno", 0) or s.lineno, 0) > 1
            simple_calls: Set[int] = set()
            found = implicit_call_in(s) if executes else None
            # `if x: stmt.execute()` alone after its header: the codemod makes the suite an indented block
            suite = len(stmts) == 1 and s.lineno == header and (getattr(s, "end_lineno", None) or s.lineno) == header
            if found is not None and suite:
                simple_calls.add(id(found))
            if found is None and not in_class and executes:
                found = _inline_call_in(s) or _used_result_call_in(stmts, position[id(s)], scope or tree)
            if found is not None and not shares_line:
                simple_calls.add(id(found))
            targets: Dict[int, str] = {}
            assigned = s.targets[0] if isinstance(s, ast.Assign) and len(s.targets) == 1 else (
                s.target if isinstance(s, ast.AnnAssign) and s.value is not None else None
            )
            if not local and isinstance(assigned, ast.Name):
                value = s.value  # type: ignore[union-attr]
                targets[id(value)] = f"{module}.{assigned.id}" if module else assigned.id
                if isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Call):
                    targets[id(value.args[0])] = targets[id(value)]  # scoped_session(sessionmaker())
            if isinstance(s, ast.Assign):
                for t in s.targets:
                    if isinstance(t, ast.Attribute) and t.attr == "bind":
                        owner = resolved(t.value, local)
                        if owner:
                            engine = "<local>" if local else _spelled(s.value, table, module)
                            if isinstance(s.value, ast.Name) and s.value.id in local:
                                engine = "<local>"
                            facts.bind_sites.append(BindSite(owner, engine, s.lineno))
            expression_nodes(s, local, simple_calls, in_class, targets, scope)

    def expression_nodes(s: ast.stmt, local: Set[str], simple_calls: Set[int], in_class: bool, targets: Dict[int, str], scope: Optional[ast.AST]) -> None:
        todo: List[ast.AST] = [s]
        while todo:
            node = todo.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for d in node.decorator_list:
                    todo.append(d)
                body(node.body, local | bound_locally(node), False, node.lineno, node)
                continue
            if isinstance(node, ast.ClassDef):
                todo.extend(node.decorator_list)
                todo.extend(node.bases)
                body(node.body, local, True, node.lineno, node)
                continue
            if isinstance(node, ast.Lambda):
                inner = local | bound_locally(node)
                for n in ast.walk(node.body):
                    if isinstance(n, ast.Call):
                        call_fact(n, inner, set(), in_class, {})
                continue
            if node is not s and isinstance(node, ast.stmt):
                continue  # nested statements are visited as bodies below
            if isinstance(node, ast.Call):
                call_fact(node, local, simple_calls, in_class, targets)
            for field_name, value in ast.iter_fields(node):
                if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                    body(value, local, in_class, node.lineno if isinstance(node, ast.stmt) else -1, scope)
                elif isinstance(value, list) and value and isinstance(value[0], ast.ExceptHandler):
                    for handler in value:
                        todo.extend(x for x in (handler.type,) if x is not None)
                        body(handler.body, local, in_class, handler.lineno, scope)
                elif isinstance(value, list):
                    todo.extend(v for v in value if isinstance(v, ast.AST))
                elif isinstance(value, ast.AST):
                    todo.append(value)

    body(tree.body, set(), False, -1, tree)
