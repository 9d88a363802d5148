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
                if bind is None and kind == Kind.METADATA and value.args:
                    bind = value.args[0]  # 1.x: MetaData(engine) / MetaData("sqlite://")
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
            elif isinstance(stmt, (ast.If, ast.Try, getattr(ast, "TryStar", ast.Try))):
                # module-level `try: import x except ImportError: ...` and `if TYPE_CHECKING:` blocks
                statements(stmt.body)
                for handler in getattr(stmt, "handlers", ()):
                    statements(handler.body)
                statements(stmt.orelse)
                statements(getattr(stmt, "finalbody", ()))

    statements(tree.body)
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


_MAPPER_FUNCTIONS = {"sqlalchemy.orm.mapper", "sqlalchemy.orm.mapperlib.mapper", "sqlalchemy.orm.mapper.mapper"}
_RELATIONSHIPS = {"sqlalchemy.orm.relationship", "sqlalchemy.orm.relation", "sqlalchemy.orm.relationships.relationship"}
_BACKREFS = {"sqlalchemy.orm.backref", "sqlalchemy.orm.relationships.backref"}
_COLUMNS = {"sqlalchemy.Column", "sqlalchemy.schema.Column", "sqlalchemy.sql.schema.Column", "sqlalchemy.orm.mapped_column", "sqlalchemy.orm.column_property", "sqlalchemy.orm.deferred"}


def _class_facts(node: ast.ClassDef, table: ImportTable, module: str, future: bool = False) -> ClassFacts:
    def name_of(expr: ast.AST) -> str:
        names = table.resolve(expr)
        if len(names) == 1:
            return next(iter(names))
        d = dotted(expr)
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
