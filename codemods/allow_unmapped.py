"""`__allow_unmapped__` (zlpr): 1.x annotations that 2.0's Declarative rejects at class creation.

2.0 reads the annotations of every class mapped by Declarative (under `declarative_base()`,
`DeclarativeBase`, `registry.generate_base()`, `@as_declarative`, or decorated `@registry.mapped`), and of
the mixins and `__abstract__` bases they inherit from, across the whole project. What raises
`MappedAnnotationError` (zlpr), as run on 2.0.58 and 2.1.9 (1.4 accepts all of it and ignores the fix):

* on a mapped class, an annotation that is not `Mapped[...]` (nor `ClassVar[...]`, nor an ORM descriptor
  such as `AssociationProxy[...]`) on an attribute with no value, `None`, or an ORM construct
  (`relationship()`, `column_property()`, `deferred()`, `synonym()`, `composite()`,
  `query_expression()`): `kids: List["Kid"] = relationship("Kid")`, `note: Optional[str]`. A bare
  `ClassVar` raises too; `id: int = Column(...)` and `flag: int = 5` pass.
* on a mixin, an `__abstract__` base or a `DeclarativeBase` subclass that a mapped class inherits from: an
  annotated `Column(...)` that is not `Mapped[...]` (`created: datetime = Column(DateTime)`), and a
  `@declared_attr` whose return annotation is not `Mapped[...]`. Annotations with no value there pass.

Rewritten, safe:

* `__allow_unmapped__ = True` as the first statement (after the docstring) of each mapped class that
  declares a rejected annotation, unless the class or a class of its MRO (a mixin, the Base) already sets
  it, when that keeps 1.x's meaning: annotations with no value or `None` are ignored, the values still
  map. Not quite for relationships: with the flag, 2.0 still reads a non-`Mapped` annotation for the
  relationship (an annotation that is not a collection makes it a scalar, even over `uselist=True`;
  `Set[...]` a set; `Sequence[...]` raises), so only `List[...]`-annotated relationships (whose inside 2.0
  can evaluate when the class is created), or ones given `collection_class=` or `uselist=False`, are fixed
  safely. A class that is not a dataclass (MappedAsDataclass, `@dataclass` before mapping) only: 2.0 takes
  plain annotations there.
  `--allow-unmapped-on base` puts it once on the declarative base instead (`Base.__allow_unmapped__ =
  True` after `Base = declarative_base()`, or in the body of a `DeclarativeBase` / `@as_declarative` class)
  when the base is a name of the project and every class under it is fixed safely; fewer edits, but it
  also hides future mistakes in new models.
* On a mixin or abstract base, `__allow_unmapped__` does not help (2.0 raises whether it is set there, on the
  mapped class or on the Base): an annotated `Column(...)` becomes `Mapped[...]` (`created:
  Mapped[datetime] = Column(DateTime)`), and so does the return annotation of a `@declared_attr` that
  returns only `Column(...)`. With a `Column` value 2.0 derives nothing from the annotation: same table.

Unsafe fixes (--unsafe-fixes): `__allow_unmapped__ = True` on a mapped class with another relationship
annotation (`parent: "Parent" = relationship(...)`: right for a many-to-one, wrong for a one-to-many), or
whose annotated attribute is assigned a call this tool cannot tell is an ORM construct (a project helper
returning `relationship()`);
`-> Mapped[...]` on a mixin's `@declared_attr` that returns something other than a `Column` (a
`relationship()`: 2.0 then derives `uselist` and the collection class from the annotation, so
`-> Mapped["Kid"]` on a one-to-many makes it a scalar).

Reported: an annotated `mapped_column()` on a mixin (2.0 then takes the column's type and nullability from
the annotation: write it by hand), a mapped class whose body is on one line.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst

from sqla_upgrade.class_codemod import ClassCodemod, hierarchy_for_site, insert_first, qualified_class
from sqla_upgrade.codemod import Example, Safety
from sqla_upgrade.declarative import Hierarchy, mapped_class_violations, mixin_violations
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind


def _violations(h: Hierarchy, qualified: str) -> Dict[str, str]:
    """A mapped class's rejected annotations (declarative.mapped_class_violations), none when it is
    covered already."""
    cls = h.class_at(qualified)
    if cls is None or h.role(qualified) != "mapped" or h.allow_unmapped(qualified):
        return {}
    if h.is_dataclass(qualified):
        return {}  # a dataclass (MappedAsDataclass, @dataclass before mapping): 2.0 takes such annotations
    return mapped_class_violations(cls.annotations)  # type: ignore[attr-defined]


def _only_fixed(violations: Dict[str, str]) -> bool:
    return bool(violations) and all(v == "fixed" for v in violations.values())


def base_for(h: Hierarchy, qualified: str) -> Optional[str]:
    """The declarative base of the project that `--allow-unmapped-on base` gives the flag instead of this
    mapped class (a `declarative_base()` binding or a base class of the project), None for none, or when a
    class under it has an annotation the flag would not keep as 1.x read it (the flag on the base reaches
    every class)."""
    root = h.root(qualified)
    if root is None:
        return None
    fact = h.binding_at(root)
    if h.class_at(root) is None and (fact is None or fact.kind != Kind.DECLARATIVE_BASE):
        return None
    if any((v := _violations(h, user)) and not _only_fixed(v) for user in h.users(root)):
        return None
    return root


def base_needs_flag(h: Hierarchy, base: str) -> bool:
    """Whether some mapped class under ``base`` has a rejected annotation the flag on the base would lift."""
    return any(_only_fixed(_violations(h, user)) and base_for(h, user) == base for user in h.users(base))


def class_plan(h: Hierarchy, qualified: str, on_base: bool) -> Tuple[bool, Dict[str, str], List[Tuple[str, str]]]:
    """For one class: whether to give it `__allow_unmapped__` (a safe fix), the attributes that need an
    unsafe one or a hand ((attribute, why), see declarative.mapped_class_violations), the mixin-level
    rewrites ((attribute, what), see declarative.mixin_violations)."""
    role = h.role(qualified)
    cls = h.class_at(qualified)
    if role is None or cls is None:
        return False, {}, []
    if role == "mapped":
        violations = _violations(h, qualified)
        if _only_fixed(violations):
            return not (on_base and base_for(h, qualified) is not None), {}, []
        return False, {n: v for n, v in violations.items() if v != "fixed"}, []
    wraps = mixin_violations(cls.annotations, cls.declared_attrs) if h.users(qualified) else []  # type: ignore[attr-defined]
    flag = role == "base" and on_base and not h.allow_unmapped(qualified) and base_needs_flag(h, qualified)
    return flag, {}, wraps


def _definition_site(index, facts, name: str) -> bool:  # type: ignore[no-untyped-def]
    h = hierarchy_for_site(index, facts)
    q = qualified_class(facts, name)
    if h.class_at(q) is None:
        return binding_needs_flag(h, q)
    return any(flag or unsure or wraps for flag, unsure, wraps in (class_plan(h, q, b) for b in (False, True)))


def binding_needs_flag(h: Hierarchy, qualified: str) -> bool:
    """For `--allow-unmapped-on base`: whether `Base = declarative_base()` gets `Base.__allow_unmapped__ =
    True` after it."""
    fact = h.binding_at(qualified)
    return fact is not None and fact.kind == Kind.DECLARATIVE_BASE and not fact.allow_unmapped and base_needs_flag(h, qualified)


def _allow_statement() -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine(
        [cst.Assign(targets=[cst.AssignTarget(cst.Name("__allow_unmapped__"))], value=cst.Name("True"))]
    )


class AllowUnmapped(ClassCodemod):
    ID = "allow-unmapped"
    SUMMARY = "__allow_unmapped__ = True where 2.0 rejects 1.x annotations (zlpr); Mapped[] on mixin Columns"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "zlpr"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"class",)
    SITES = Sites(definitions=_definition_site)
    EXAMPLES = (
        Example(
            before="from typing import List, Optional\n\n"
            "from sqlalchemy import Column, ForeignKey, Integer\n"
            "from sqlalchemy.orm import declarative_base, relationship\n\n"
            "Base = declarative_base()\n\n\n"
            "class Parent(Base):\n"
            '    """A parent."""\n\n'
            '    __tablename__ = "parent"\n'
            "    id = Column(Integer, primary_key=True)\n"
            '    kids: List["Kid"] = relationship("Kid")\n'
            "    note: Optional[str] = None\n",
            after="from typing import List, Optional\n\n"
            "from sqlalchemy import Column, ForeignKey, Integer\n"
            "from sqlalchemy.orm import declarative_base, relationship\n\n"
            "Base = declarative_base()\n\n\n"
            "class Parent(Base):\n"
            '    """A parent."""\n'
            "    __allow_unmapped__ = True\n\n"
            '    __tablename__ = "parent"\n'
            "    id = Column(Integer, primary_key=True)\n"
            '    kids: List["Kid"] = relationship("Kid")\n'
            "    note: Optional[str] = None\n",
        ),
        Example(
            before="from datetime import datetime\n\n"
            "from sqlalchemy import Column, DateTime, ForeignKey\n"
            "from sqlalchemy.orm import declarative_base, declared_attr\n\n"
            "Base = declarative_base()\n\n\n"
            "class Audited:\n"
            "    created: datetime = Column(DateTime)\n\n"
            "    @declared_attr\n"
            "    def owner_id(cls) -> int:\n"
            '        return Column(ForeignKey("user.id"))\n\n\n'
            "class Post(Audited, Base):\n"
            '    __tablename__ = "post"\n',
            after="from datetime import datetime\n\n"
            "from sqlalchemy import Column, DateTime, ForeignKey\n"
            "from sqlalchemy.orm import Mapped, declarative_base, declared_attr\n\n"
            "Base = declarative_base()\n\n\n"
            "class Audited:\n"
            "    created: Mapped[datetime] = Column(DateTime)\n\n"
            "    @declared_attr\n"
            "    def owner_id(cls) -> Mapped[int]:\n"
            '        return Column(ForeignKey("user.id"))\n\n\n'
            "class Post(Audited, Base):\n"
            '    __tablename__ = "post"\n',
        ),
        Example(
            before="from sqlalchemy import Column, Integer\n"
            "from sqlalchemy.orm import declarative_base\n\n"
            "from app.helpers import kids_relationship\n\n"
            "Base = declarative_base()\n\n\n"
            "class Parent(Base):\n"
            '    __tablename__ = "parent"\n'
            "    id = Column(Integer, primary_key=True)\n"
            "    kids: list = kids_relationship()\n",
            after="from sqlalchemy import Column, Integer\n"
            "from sqlalchemy.orm import declarative_base\n\n"
            "from app.helpers import kids_relationship\n\n"
            "Base = declarative_base()\n\n\n"
            "class Parent(Base):\n"
            "    __allow_unmapped__ = True\n"
            '    __tablename__ = "parent"\n'
            "    id = Column(Integer, primary_key=True)\n"
            "    kids: list = kids_relationship()\n",
            unsafe=True,
        ),
    )

    @property
    def on_base(self) -> bool:
        return self.state.options.allow_unmapped_on == "base"

    def _mapped(self) -> cst.BaseExpression:
        return self.sqla_style().ref(self.context, "Mapped", "sqlalchemy.orm")

    def _wrap(self, annotation: cst.Annotation) -> cst.Annotation:
        inner = annotation.annotation
        return annotation.with_changes(
            annotation=cst.Subscript(value=self._mapped(), slice=[cst.SubscriptElement(cst.Index(inner))])
        )

    def module_class(self, original: cst.ClassDef, updated: cst.ClassDef, qualified: str) -> cst.CSTNode:
        flag, unsure, wraps = class_plan(self.hierarchy, qualified, self.on_base)
        if not (flag or unsure or wraps):
            return updated
        if not isinstance(updated.body, cst.IndentedBlock):
            self.report(original, f"class {original.name.value} has annotations 2.0 rejects (zlpr): give it "
                        "`__allow_unmapped__ = True` (its body is on one line)")
            return updated
        if wraps:
            updated = updated.with_changes(body=self._wrap_members(original, updated.body, dict(wraps)))
        if unsure:
            flag = self._unsure(original, unsure)
        if flag:
            updated = updated.with_changes(body=insert_first(updated.body, _allow_statement()))  # type: ignore[arg-type]
        return updated

    def _unsure(self, original: cst.ClassDef, unsure: Dict[str, str]) -> bool:
        """Report each attribute that needs a hand or an unsafe fix; whether the unsafe fix applies."""
        allowed = []
        for stmt in original.body.body:  # type: ignore[union-attr]
            ann = _ann_assign(stmt)
            if ann is None or not isinstance(ann.target, cst.Name) or ann.target.value not in unsure:
                continue
            name, why = ann.target.value, unsure[ann.target.value]
            if why == "mapped_column":
                self.report(stmt, f"`{name}` is an annotated `mapped_column()` that is not `Mapped[...]`: 2.0 rejects it "
                            "(zlpr), and with `__allow_unmapped__` takes the column's type and nullability from the "
                            "annotation; write `Mapped[...]` by hand")
                allowed.append(False)
            elif why == "call":
                allowed.append(self.allow_unsafe(stmt, (
                    f"`{name}` is annotated but not `Mapped[...]` and assigned a call this tool cannot tell: if it "
                    "returns an ORM construct (relationship(), column_property(), ...), 2.0 raises zlpr at class "
                    "creation; `__allow_unmapped__ = True` in the class keeps 1.x's meaning")))
            else:
                allowed.append(self.allow_unsafe(stmt, (
                    f"`{name}` is a relationship annotated without `Mapped[...]`: 2.0 raises zlpr; with "
                    "`__allow_unmapped__ = True` it maps, but 2.0 reads this annotation for the relationship: what "
                    "is not `List[...]` makes it a scalar (uselist=False), `Set[...]` a set; right for a "
                    "many-to-one, wrong for a one-to-many (add `uselist=`/`collection_class=`, or annotate "
                    "`List[...]`)")))
        return bool(allowed) and all(allowed)

    def _wrap_members(self, original: cst.ClassDef, body: cst.IndentedBlock, wraps) -> cst.IndentedBlock:  # type: ignore[no-untyped-def]
        new_body = []
        for orig_stmt, stmt in zip(original.body.body, body.body):  # type: ignore[union-attr]
            new_body.append(self._wrap_member(orig_stmt, stmt, wraps))
        return body.with_changes(body=new_body)

    def _wrap_member(self, orig_stmt, stmt, wraps):  # type: ignore[no-untyped-def]
        ann = _ann_assign(stmt)
        if ann is not None and isinstance(ann.target, cst.Name) and ann.target.value in wraps:
            what = wraps[ann.target.value]
            if what == "column":
                return stmt.with_changes(body=[ann.with_changes(annotation=self._wrap(ann.annotation))])
            self.report(orig_stmt, f"`{ann.target.value}` on a mixin is an annotated `mapped_column()` that is not "
                        "`Mapped[...]`: 2.0 rejects it (zlpr) and, once it is `Mapped[...]`, takes the column's type "
                        "and nullability from the annotation; write the annotation by hand")
            return stmt
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value in wraps and stmt.returns is not None:
            what = wraps[stmt.name.value]
            if what == "declared_attr-column" or self.allow_unsafe(
                orig_stmt,
                f"@declared_attr `{stmt.name.value}` on a mixin returns a non-`Mapped[...]` annotation: 2.0 rejects it "
                "(zlpr) whatever `__allow_unmapped__` says; `-> Mapped[...]` fixes it, but 2.0 then derives a "
                "relationship's uselist and collection class from the annotation (a one-to-many annotated with "
                "one class becomes a scalar)",
            ):
                return stmt.with_changes(returns=self._wrap(stmt.returns))
        return stmt

    # -- --allow-unmapped-on base: `Base = declarative_base()` ----------------------------------------

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine):  # type: ignore[no-untyped-def]
        if not self.on_base or not self.at_module_level() or len(original_node.body) != 1:
            return updated_node
        small = original_node.body[0]
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target = small.targets[0].target
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            target = small.target
        else:
            return updated_node
        if not isinstance(target, cst.Name) or not isinstance(small.value, cst.Call):
            return updated_node
        if not binding_needs_flag(self.hierarchy, self.qualified(target.value)):
            return updated_node
        flag = cst.SimpleStatementLine(
            [cst.Assign(targets=[cst.AssignTarget(cst.Attribute(cst.Name(target.value), cst.Name("__allow_unmapped__")))],
                        value=cst.Name("True"))]
        )
        return cst.FlattenSentinel([updated_node, flag])


def _ann_assign(stmt: cst.CSTNode) -> Optional[cst.AnnAssign]:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.AnnAssign):
        return stmt.body[0]
    return None
