"""`MappedAsDataclass` mixins (dcmx): a superclass that gives `Mapped[]` attributes to a class mapped as a
dataclass must be a dataclass itself.

A class mapped as a dataclass (a `MappedAsDataclass` subclass, or decorated `@registry.mapped_as_dataclass`
/ 2.1's `@mapped_as_dataclass(reg)`) that inherits `x: Mapped[...]` attributes (with no value, an ORM
construct, or a `@declared_attr -> Mapped[...]`) from a mixin that is not a dataclass: 2.0 (since 2.0.8)
warns `SADeprecationWarning` (dcmx) and still includes the fields, 2.1 raises `InvalidRequestError` (dcmx)
at class creation. Run on 2.0.58 and 2.1.9; the mixin is found from the classes that use it, anywhere in the
project.

Rewritten, safe:

* class-style hierarchies: `MappedAsDataclass` added to the mixin's bases (`class Audit(MappedAsDataclass):`,
  appended after its other bases), imported from `sqlalchemy.orm`. The generated `__init__` keeps its
  parameters and their order when no base listed before the mixin contributes dataclass fields (see
  below).
* with `--target 2.1`, decorator-style hierarchies: `@unmapped_dataclass` on the mixin (there a
  `MappedAsDataclass` mixin raises "already a dataclass", on 2.0 and 2.1 alike).

Reported, not rewritten (the edges of the fix):

* field order: a base listed before the mixin in a user's bases contributes dataclass fields (another
  dataclass mixin, a Base with `Mapped[]` attributes): as a dataclass, the mixin's fields move before that
  base's, which reorders the positional `__init__` parameters (and can put a field without a default after
  one with a default);
* defaults: the mixin has a `Mapped[]` attribute with a plain value (`x: Mapped[int] = 5`): 2.0 ignores it as
  a field now, and it becomes an `__init__` parameter once the mixin is a dataclass;
* the mixin is also used by mapped classes that are not dataclasses (they would get dataclass semantics, and
  2.0 raises when a required field follows a default);
* the mixin lives in another package than the class that maps it as a dataclass (the change is not local);
* decorator-style hierarchies with `--target 2.0`: the fix, `@unmapped_dataclass`, is 2.1-only; mixed class-
  and decorator-style users; a mixin with `object` among its bases.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

import libcst as cst

from sqla_upgrade.class_codemod import ClassCodemod, hierarchy_for_site, qualified_class
from sqla_upgrade.codemod import Example, Safety
from sqla_upgrade.declarative import MAPPED_AS_DATACLASS, Hierarchy, dataclass_fields
from sqla_upgrade.detect import Sites


def _contributes(h: Hierarchy, qualified: str) -> bool:
    """Whether a dataclass base gives fields to its subclasses (it, or a class of its MRO, declares them)."""
    for name in [qualified, *h.ancestry(qualified)]:
        cls = h.class_at(name)
        if cls is not None and dataclass_fields(cls.annotations, cls.declared_attrs)[0]:  # type: ignore[attr-defined]
            return True
    return False


def _package(qualified: str) -> str:
    return qualified.split(".", 1)[0] if "." in qualified else ""


def plan(h: Hierarchy, qualified: str, target: str) -> Tuple[Optional[str], List[str]]:
    """For one class: the fix ("base": add MappedAsDataclass, "decorator": @unmapped_dataclass, None) and
    the reasons it is not applied (findings)."""
    cls = h.class_at(qualified)
    if cls is None or h.is_dataclass(qualified) or h.is_base_class(qualified) or h.role(qualified) not in ("mixin", "abstract"):
        return None, []
    fields, plain = dataclass_fields(cls.annotations, cls.declared_attrs)  # type: ignore[attr-defined]
    if not fields:
        return None, []
    users = h.users(qualified)
    dataclass_users = [u for u in users if h.is_dataclass(u)]
    if not dataclass_users:
        return None, []
    name = qualified.rpartition(".")[2]
    reasons: List[str] = []
    plain_users = [u for u in users if not h.is_dataclass(u)]
    if plain_users:
        reasons.append(
            f"{name} is also a base of {', '.join(sorted(u.rpartition('.')[2] for u in plain_users))}, mapped classes "
            "that are not dataclasses: as a MappedAsDataclass it would make them dataclasses too; split the mixin"
        )
    if plain:
        reasons.append(
            f"{name} has Mapped[] attributes with a plain value ({', '.join(plain)}): 2.0 leaves them out of the "
            "dataclass now, and they become __init__ parameters once the mixin is a dataclass"
        )
    foreign = sorted({u.rpartition(".")[2] for u in dataclass_users if _package(u) != _package(qualified)})
    if foreign:
        reasons.append(
            f"{name} is mapped as a dataclass by {', '.join(foreign)} of another package: making it a dataclass "
            "changes it for every user of that package"
        )
    for user in dataclass_users:
        bases = h.bases(user)
        at = next((i for i, b in enumerate(bases) if b == qualified or qualified in h.ancestry(b)), None)
        if at is None:
            continue
        earlier = [b for b in bases[:at] if b not in MAPPED_AS_DATACLASS and _contributes(h, b)]
        if earlier:
            reasons.append(
                f"in {user.rpartition('.')[2]}, {', '.join(b.rpartition('.')[2] for b in earlier)} comes before {name} "
                "and gives dataclass fields: as a dataclass, the fields of {0} would move before them, which "
                "reorders the positional __init__ parameters; list {0} first or pass them by keyword".format(name)
            )
    if "builtins.object" in h.bases(qualified) or "object" in cls.bases:  # type: ignore[attr-defined]
        reasons.append(f"{name} lists object among its bases: MappedAsDataclass cannot follow it (MRO)")
    styles = {"decorator" if h.decorator_mapped(u) == "dataclass" else "base" for u in dataclass_users}
    if len(styles) > 1:
        reasons.append(f"{name} is mapped as a dataclass both by MappedAsDataclass subclasses and by decorators: "
                       "neither fix suits both")
        return None, reasons
    fix = styles.pop()
    if fix == "decorator" and target != "2.1":
        reasons.append(
            f"{name} gives Mapped[] attributes to classes mapped by @mapped_as_dataclass, but is not a dataclass "
            "(2.0 warns, 2.1 raises dcmx); the fix, @unmapped_dataclass on it, needs SQLAlchemy 2.1 (--target 2.1)"
        )
    return (None if reasons else fix), reasons


def _class_site(index, facts, name: str) -> bool:  # type: ignore[no-untyped-def]
    h = hierarchy_for_site(index, facts)
    q = qualified_class(facts, name)
    return any(fix is not None or reasons for fix, reasons in (plan(h, q, t) for t in ("2.0", "2.1")))


class DataclassMixin(ClassCodemod):
    ID = "dataclass-mixin"
    SUMMARY = "MappedAsDataclass (2.1 decorator style: @unmapped_dataclass) on mixins of dataclass models (dcmx)"
    SAFETY = Safety.SAFE
    ERROR_CODE = "dcmx"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"Mapped",)
    SITES = Sites(definitions=_class_site)
    EXAMPLES = (
        Example(
            before="from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column\n\n\n"
            "class Base(MappedAsDataclass, DeclarativeBase):\n    pass\n\n\n"
            "class Audit:\n    who: Mapped[str] = mapped_column(default=\"system\")\n\n\n"
            "class Post(Audit, Base):\n"
            '    __tablename__ = "post"\n'
            "    id: Mapped[int] = mapped_column(primary_key=True, init=False)\n",
            after="from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column\n\n\n"
            "class Base(MappedAsDataclass, DeclarativeBase):\n    pass\n\n\n"
            "class Audit(MappedAsDataclass):\n    who: Mapped[str] = mapped_column(default=\"system\")\n\n\n"
            "class Post(Audit, Base):\n"
            '    __tablename__ = "post"\n'
            "    id: Mapped[int] = mapped_column(primary_key=True, init=False)\n",
        ),
    )

    def module_class(self, original: cst.ClassDef, updated: cst.ClassDef, qualified: str) -> cst.CSTNode:
        fix, reasons = plan(self.hierarchy, qualified, self.state.options.target)
        for reason in reasons:
            self.report(original, reason)
        if fix == "base":
            ref = self.sqla_style().ref(self.context, "MappedAsDataclass", "sqlalchemy.orm")
            bases = list(updated.bases)
            if bases:
                last = bases[-1]
                comma = last.comma if last.comma is not cst.MaybeSentinel.DEFAULT else cst.MaybeSentinel.DEFAULT
                bases[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                bases.append(cst.Arg(ref, comma=comma if isinstance(comma, cst.Comma) else cst.MaybeSentinel.DEFAULT))
                return updated.with_changes(bases=bases)
            comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if updated.keywords else cst.MaybeSentinel.DEFAULT
            return updated.with_changes(bases=[cst.Arg(ref, comma=comma)], lpar=cst.LeftParen(), rpar=cst.RightParen())
        if fix == "decorator":
            ref = self.sqla_style().ref(self.context, "unmapped_dataclass", "sqlalchemy.orm")
            return updated.with_changes(decorators=[*updated.decorators, cst.Decorator(ref)])
        return updated
