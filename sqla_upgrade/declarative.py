"""Declarative class hierarchies across the project: what 2.0's declarative scan makes of each class.

Two parts, shared by the allow-unmapped and dataclass-mixin codemods:

* :func:`annotation_code` and :func:`declared_attr_code` classify, with Python's ``ast`` and a module's
  imports, each annotated attribute and each ``@declared_attr`` of a class body; the project index stores the
  codes with the class's facts (``ClassFacts.annotations`` / ``declared_attrs``), so that a module can be
  judged by facts of the modules it imports from, and the other way round;
* :class:`Hierarchy` answers, over the project index, what a class is to Declarative: a declarative base,
  a mapped class, an ``__abstract__`` base or a mixin of mapped classes (anywhere in the project), whether
  it or one of its bases sets ``__allow_unmapped__``, which classes map it as a dataclass.

What 2.0/2.1 accept and reject (run on 2.0.58 and 2.1.9; 1.4 accepts every form and ignores
``__allow_unmapped__``):

* on a mapped class, an annotation whose outer type is not ``Mapped[]`` (``WriteOnlyMapped``,
  ``DynamicMapped``), ``ClassVar[...]`` or an ORM descriptor raises zlpr when its value is absent, ``None``,
  or an ORM construct (``relationship``, ``column_property``, ``deferred``, ``synonym``, ``composite``,
  ``query_expression``, ``mapped_column``); a ``Column(...)`` or any plain value passes; names ``__x__``
  and ``_sa_x`` are never scanned, ``_x`` is; a bare ``ClassVar`` (not subscripted) raises.
  ``__allow_unmapped__`` on the class, the Base, or any class of its MRO (a mixin too) lifts it;
* on a mixin, an ``__abstract__`` base or a ``DeclarativeBase`` subclass, an annotation with no value, ``None``
  or a plain value passes; a ``Column(...)`` / ``mapped_column(...)`` value with a non-``Mapped``
  annotation raises zlpr, and so does a ``@declared_attr`` with a non-``Mapped`` return annotation, whatever
  it returns. ``__allow_unmapped__`` does not help there (on the mixin, the mapped class or the Base): the
  annotation itself must become ``Mapped[...]``.
"""

from __future__ import annotations

import ast
import builtins
from typing import Callable, Dict, Iterable, List, Optional, Set, Tuple

from sqla_upgrade.kinds import Kind, is_sqla_qualified, sqla_names

_ORM = ("sqlalchemy.orm", "sqlalchemy.orm._orm_constructors", "sqlalchemy.orm.decl_api", "sqlalchemy.orm.base")
MAPPED_TYPES = sqla_names("Mapped", "WriteOnlyMapped", "DynamicMapped", modules=_ORM + ("sqlalchemy.orm.attributes",))
CLASSVAR = {"typing.ClassVar", "typing_extensions.ClassVar"}
#: ORM descriptor generics 2.0 lets through without Mapped[] (issue #9957)
DESCRIPTORS = {
    "sqlalchemy.ext.associationproxy.AssociationProxy",
    "sqlalchemy.ext.hybrid.hybrid_property",
    "sqlalchemy.ext.hybrid.hybrid_method",
    "sqlalchemy.orm.ORMDescriptor",
}
_ORM_MODULES = _ORM + ("sqlalchemy.orm.relationships", "sqlalchemy.orm.properties", "sqlalchemy.orm.descriptor_props")
RELATIONSHIPS = sqla_names("relationship", "relation", "dynamic_loader", modules=_ORM_MODULES)
#: calls that build a mapper property (an ``_MappedAttribute`` 2.0 expects a Mapped[] annotation for)
ORM_CONSTRUCTS = RELATIONSHIPS | sqla_names(
    "column_property", "deferred", "synonym", "composite", "query_expression", modules=_ORM_MODULES
)
LIST_TYPES = {"typing.List", "typing_extensions.List"}
OPTIONAL_TYPES = {"typing.Optional", "typing_extensions.Optional"}
MAPPED_COLUMN = sqla_names("mapped_column", modules=_ORM)
COLUMNS = sqla_names("Column", modules=("sqlalchemy", "sqlalchemy.schema", "sqlalchemy.sql.schema"))
DECLARED_ATTR = sqla_names(
    "declared_attr", modules=("sqlalchemy.orm", "sqlalchemy.orm.decl_api", "sqlalchemy.ext.declarative", "sqlalchemy.ext.declarative.api")
)
DECLARATIVE_BASE_CLASSES = sqla_names("DeclarativeBase", "DeclarativeBaseNoMeta", modules=("sqlalchemy.orm", "sqlalchemy.orm.decl_api"))
AS_DECLARATIVE = sqla_names("as_declarative", modules=("sqlalchemy.orm", "sqlalchemy.orm.decl_api", "sqlalchemy.ext.declarative"))
MAPPED_AS_DATACLASS = sqla_names("MappedAsDataclass", modules=("sqlalchemy.orm", "sqlalchemy.orm.decl_api"))
MAPPED_AS_DATACLASS_DECORATOR = sqla_names("mapped_as_dataclass", modules=("sqlalchemy.orm", "sqlalchemy.orm.decl_api"))
#: decorators that make a class a dataclass before Declarative sees it
DATACLASS_DECORATORS = {"dataclasses.dataclass"} | sqla_names("unmapped_dataclass", modules=("sqlalchemy.orm", "sqlalchemy.orm.decl_api"))

_BUILTINS = frozenset(dir(builtins))

Resolve = Callable[[ast.AST], Set[str]]


def _outer(annotation: ast.AST, resolve: Resolve) -> str:
    """What the outside of an annotation is: "mapped", "classvar", "descriptor" or "other"."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value.strip(), mode="eval").body
        except SyntaxError:
            return "other"
    if not isinstance(annotation, ast.Subscript):
        return "other"  # a bare ClassVar or Mapped raises too
    names = resolve(annotation.value)
    if names & MAPPED_TYPES:
        return "mapped"
    if names & CLASSVAR:
        return "classvar"
    if names & DESCRIPTORS:
        return "descriptor"
    return "other"


def _list_annotation(annotation: ast.AST, resolve: Resolve, future: bool) -> bool:
    """Whether 2.0 reads ``annotation`` (with ``__allow_unmapped__``) as a list collection: ``List[...]`` or
    ``list[...]``, also inside ``Optional[...]`` / ``... | None``, whose inside it can evaluate (a string
    forward reference) when the annotation is a string (quoted, or ``from __future__ import annotations``)."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value.strip(), mode="eval").body
        except SyntaxError:
            return False
        future = True
    if isinstance(annotation, ast.Subscript) and resolve(annotation.value) & OPTIONAL_TYPES:
        annotation = annotation.slice
    elif isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        if isinstance(annotation.right, ast.Constant) and annotation.right.value is None:
            annotation = annotation.left
    if not isinstance(annotation, ast.Subscript):
        return False
    head = annotation.value
    is_list = bool(resolve(head) & LIST_TYPES) or (isinstance(head, ast.Name) and head.id == "list" and not resolve(head))
    if not is_list:
        return False
    # a string annotation is evaluated when the class is created: a name defined later fails there, and
    # 2.0 then reads the whole annotation as a scalar
    return not future or (isinstance(annotation.slice, ast.Constant) and isinstance(annotation.slice.value, str))


def _relationship(annotation: ast.AST, call: ast.Call, resolve: Resolve, future: bool) -> str:
    """"relationship" when ``__allow_unmapped__`` keeps 1.x's relationship: 2.0.58/2.1.9 then still read a
    non-Mapped annotation for the collection (``Set[...]`` → a set, ``Sequence[...]`` raises) and make
    anything that is not a collection a scalar (uselist=False, even over ``uselist=True``); unless
    ``collection_class=`` or ``uselist=False`` is given, only ``List[...]`` keeps 1.x's default list.
    "relationship-derived" otherwise."""
    for keyword in call.keywords:
        if keyword.arg == "collection_class":
            return "relationship"
        if keyword.arg == "uselist" and isinstance(keyword.value, ast.Constant) and keyword.value.value is False:
            return "relationship"
    return "relationship" if _list_annotation(annotation, resolve, future) else "relationship-derived"


def _value(value: Optional[ast.AST], resolve: Resolve, annotation: Optional[ast.AST] = None, future: bool = False) -> str:
    """What an annotated attribute is assigned: "absent", "none", "relationship" / "relationship-derived"
    (see :func:`_relationship`), "orm" (another mapper property), "mapped_column", "column", "call" (a call
    that may return either) or "plain"."""
    if value is None:
        return "absent"
    if isinstance(value, ast.Constant) and value.value is None:
        return "none"
    if isinstance(value, ast.Call):
        names = resolve(value.func)
        if names & RELATIONSHIPS and annotation is not None:
            return _relationship(annotation, value, resolve, future)
        if names & ORM_CONSTRUCTS:
            return "orm"
        if names & MAPPED_COLUMN:
            return "mapped_column"
        if names & COLUMNS:
            return "column"
        if any(is_sqla_qualified(n) for n in names):
            return "plain"  # association_proxy(), func.now(): not mapper properties
        if not names and isinstance(value.func, ast.Name) and value.func.id in _BUILTINS:
            return "plain"
        return "call"
    return "plain"


def annotation_code(annotation: ast.AST, value: Optional[ast.AST], resolve: Resolve, future: bool = False) -> str:
    """"<outer>:<value>" for an annotated attribute (``future``: the module has ``from __future__ import
    annotations``)."""
    return f"{_outer(annotation, resolve)}:{_value(value, resolve, annotation, future)}"


def declared_attr_code(node: ast.AST, resolve: Resolve) -> Optional[str]:
    """For a ``@declared_attr`` (or ``.cascading``) function: "<return annotation>:<what it returns>" with the
    annotation "absent", "mapped", "classvar", "descriptor" or "other" and the returns "column" (every return
    is a ``Column(...)``) or "other"; None for any other function (``@declared_attr.directive`` too)."""
    decorated = False
    for d in node.decorator_list:  # type: ignore[attr-defined]
        target = d.func if isinstance(d, ast.Call) else d
        if resolve(target) & DECLARED_ATTR:
            decorated = True
        elif isinstance(target, ast.Attribute) and target.attr == "cascading" and resolve(target.value) & DECLARED_ATTR:
            decorated = True
    if not decorated:
        return None
    returns = node.returns  # type: ignore[attr-defined]
    outer = "absent" if returns is None else _outer(returns, resolve)
    values = [r.value for r in _returns(node)]
    column = bool(values) and all(v is not None and _value(v, resolve) == "column" for v in values)
    return f"{outer}:{'column' if column else 'other'}"


def _returns(node: ast.AST) -> Iterable[ast.Return]:
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, ast.Return):
            yield child
        elif not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(child))


def is_scanned(name: str) -> bool:
    """Whether Declarative scans an attribute of this name (it skips ``__x__`` and ``_sa_x``)."""
    return not (name.startswith("__") and name.endswith("__")) and not name.startswith("_sa_")


def mapped_class_violations(annotations: Dict[str, str]) -> Dict[str, str]:
    """On a mapped class: the attributes 2.0 rejects (zlpr) → "fixed" (``__allow_unmapped__`` keeps their
    1.x meaning), "relationship-derived" (it does, but 2.0 then reads the annotation for the relationship's
    collection), "call" (a call that may build an ORM construct) or "mapped_column" (2.0-only code, which
    ``__allow_unmapped__`` would let derive the column's type from the annotation)."""
    out: Dict[str, str] = {}
    for name, code in annotations.items():
        outer, _, value = code.partition(":")
        if outer != "other" or not is_scanned(name):
            continue
        if value in ("absent", "none", "orm", "relationship"):
            out[name] = "fixed"
        elif value in ("relationship-derived", "call", "mapped_column"):
            out[name] = value
    return out


def mixin_violations(annotations: Dict[str, str], declared_attrs: Dict[str, str]) -> List[Tuple[str, str]]:
    """On a mixin / abstract base / DeclarativeBase subclass used by a mapped class: (attribute, what) for
    each that 2.0 rejects whatever ``__allow_unmapped__`` says: "column" (an annotated Column(...), wrapped
    in Mapped[] safely), "mapped_column", "declared_attr-column" (returns only Column(...)) and
    "declared_attr" (returns anything else)."""
    out: List[Tuple[str, str]] = []
    for name, code in annotations.items():
        outer, _, value = code.partition(":")
        if outer == "other" and is_scanned(name) and value in ("column", "mapped_column"):
            out.append((name, value))
    for name, code in declared_attrs.items():
        outer, _, returns = code.partition(":")
        if outer == "other" and is_scanned(name):
            out.append((name, "declared_attr-column" if returns == "column" else "declared_attr"))
    return out


def dataclass_fields(annotations: Dict[str, str], declared_attrs: Dict[str, str]) -> Tuple[List[str], List[str]]:
    """The attributes a class contributes to a ``MappedAsDataclass`` subclass (Mapped[] with no value or an
    ORM construct, ``@declared_attr -> Mapped[]``), and the Mapped[] attributes with a plain value (which only
    become dataclass fields once the class is a dataclass)."""
    fields, plain = [], []
    for name, code in annotations.items():
        outer, _, value = code.partition(":")
        if outer != "mapped" or not is_scanned(name):
            continue
        is_field = value in ("absent", "orm", "relationship", "relationship-derived", "mapped_column", "column", "call")
        (fields if is_field else plain).append(name)
    for name, code in declared_attrs.items():
        if code.startswith("mapped:") and is_scanned(name):
            fields.append(name)
    return fields, plain


# -- the hierarchy over the project index --------------------------------------------------------------


class Hierarchy:
    """Declarative roles of the project's classes (``index``: sqla_upgrade.index.ProjectIndex; ``own``: the
    facts of the module being rewritten when it has no module name, e.g. standard input)."""

    def __init__(self, index, own=None) -> None:  # type: ignore[no-untyped-def]
        self.index = index
        self.own = own if own is not None and not own.module else None
        self._ancestry: Dict[str, List[str]] = {}
        self._users: Optional[Dict[str, List[str]]] = None

    # -- lookups --------------------------------------------------------------------------------------

    def canonical(self, name: str) -> str:
        if self.own is not None and "." not in name:
            return name
        return self.index.canonical(name) if self.index is not None else name

    def class_at(self, qualified: str):  # type: ignore[no-untyped-def]
        if self.own is not None and "." not in qualified:
            return self.own.classes.get(qualified)
        if self.index is None:
            return None
        found = self.index._split(qualified)
        if found is None or len(found[1]) != 1:
            return None
        return found[0].classes.get(found[1][0])

    def binding_at(self, qualified: str):  # type: ignore[no-untyped-def]
        if self.own is not None and "." not in qualified:
            return self.own.bindings.get(qualified)
        if self.index is None:
            return None
        found = self.index._split(qualified)
        if found is None or len(found[1]) != 1 or found[1][0] in found[0].classes:
            return None
        return found[0].bindings.get(found[1][0])

    def all_classes(self) -> Iterable[Tuple[str, object]]:
        if self.own is not None:
            for name, cls in self.own.classes.items():
                yield name, cls
        if self.index is not None:
            for module, facts in self.index.modules.items():
                for name, cls in facts.classes.items():
                    yield f"{module}.{name}", cls

    def bases(self, qualified: str) -> List[str]:
        cls = self.class_at(qualified)
        return [self.canonical(b) for b in cls.bases] if cls is not None else []

    def ancestry(self, qualified: str) -> List[str]:
        """The class's bases and theirs, depth first, left to right, each once (project classes and the
        names of outside classes alike); without the class itself."""
        if qualified in self._ancestry:
            return self._ancestry[qualified]
        out: List[str] = []
        seen = {qualified}
        stack = list(reversed(self.bases(qualified)))
        while stack and len(out) < 64:
            base = stack.pop()
            if base in seen:
                continue
            seen.add(base)
            out.append(base)
            stack.extend(reversed(self.bases(base)))
        self._ancestry[qualified] = out
        return out

    # -- roles ----------------------------------------------------------------------------------------

    def _decorators(self, qualified: str) -> List[str]:
        cls = self.class_at(qualified)
        return [self.canonical(d) for d in cls.decorators] if cls is not None else []

    def _registry_method(self, decorator: str, method: str) -> bool:
        owner, _, last = decorator.rpartition(".")
        if last != method or not owner:
            return False
        fact = self.binding_at(self.canonical(owner))
        return fact is not None and fact.kind == Kind.REGISTRY

    def decorator_mapped(self, qualified: str) -> Optional[str]:
        """"mapped" for ``@reg.mapped``, "dataclass" for ``@reg.mapped_as_dataclass`` /
        ``@mapped_as_dataclass(reg)``, else None."""
        for d in self._decorators(qualified):
            if d in MAPPED_AS_DATACLASS_DECORATOR or self._registry_method(d, "mapped_as_dataclass"):
                return "dataclass"
            if self._registry_method(d, "mapped"):
                return "mapped"
        return None

    def is_base_class(self, qualified: str) -> bool:
        """A class that is itself a declarative base (``DeclarativeBase`` subclass, ``@as_declarative``)."""
        if any(b in DECLARATIVE_BASE_CLASSES for b in self.bases(qualified)):
            return True
        return any(d in AS_DECLARATIVE for d in self._decorators(qualified))

    def root(self, qualified: str) -> Optional[str]:
        """The declarative base a class is mapped under (a ``declarative_base()`` binding or a base class),
        None when it is under none."""
        for base in self.ancestry(qualified):
            fact = self.binding_at(base)
            if fact is not None and fact.kind == Kind.DECLARATIVE_BASE:
                return base
            if self.class_at(base) is not None and self.is_base_class(base):
                return base
        return None

    def role(self, qualified: str) -> Optional[str]:
        """"base", "mapped", "abstract" (``__abstract__`` under a base), "mixin" (a base of a mapped class
        that is under no declarative base itself) or None."""
        cls = self.class_at(qualified)
        if cls is None:
            return None
        if self.is_base_class(qualified):
            return "base"
        if self.decorator_mapped(qualified) is not None:
            return "mapped"
        if self.root(qualified) is not None:
            return "abstract" if cls.abstract else "mapped"
        return "mixin" if self.users(qualified) else None

    def users(self, qualified: str) -> List[str]:
        """The mapped classes (anywhere in the project) that have ``qualified`` among their bases."""
        if self._users is None:
            users: Dict[str, List[str]] = {}
            for name, cls in self.all_classes():
                if self.decorator_mapped(name) is None and (cls.abstract or self.root(name) is None or self.is_base_class(name)):  # type: ignore[attr-defined]
                    continue
                for base in self.ancestry(name):
                    users.setdefault(base, []).append(name)
            self._users = users
        return self._users.get(qualified, [])

    def allow_unmapped(self, qualified: str) -> bool:
        """Whether the class or a class of its MRO (a mixin, the Base) sets ``__allow_unmapped__``."""
        for name in [qualified, *self.ancestry(qualified)]:
            cls = self.class_at(name)
            if cls is not None and cls.allow_unmapped:  # type: ignore[attr-defined]
                return True
            fact = self.binding_at(name)
            if fact is not None and getattr(fact, "allow_unmapped", False):
                return True
        return False

    def is_dataclass(self, qualified: str) -> bool:
        """A class Declarative treats as a dataclass: a ``MappedAsDataclass`` subclass, decorated as one
        (``@dataclass``, ``@unmapped_dataclass``) or mapped as one by a decorator."""
        if any(b in MAPPED_AS_DATACLASS for b in self.ancestry(qualified)):
            return True
        if any(d in DATACLASS_DECORATORS for d in self._decorators(qualified)):
            return True
        return self.decorator_mapped(qualified) == "dataclass"


def hierarchy_of(index, own=None) -> Hierarchy:  # type: ignore[no-untyped-def]
    """The hierarchy over ``index``, computed once per state of the index (ProjectIndex.add resets it);
    with ``own`` (the facts of a file with no module name), a hierarchy for that file alone."""
    if index is None or (own is not None and not own.module):
        return Hierarchy(index, own)
    found = getattr(index, "_hierarchy", None)
    if found is None:
        found = Hierarchy(index)
        index._hierarchy = found
    return found
