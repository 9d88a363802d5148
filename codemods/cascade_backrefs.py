"""`cascade_backrefs`: 1.x added an object to a Session through a backref; 2.0 never does (s9r1).

Rewritten, safe: `cascade_backrefs=False` is dropped from `relationship(...)` and `backref(...)` (matched by
qualified name; `relation()` too): it asked for what is 2.0's only behaviour, and 2.0 accepts and ignores it.

Reported:

* `cascade_backrefs=True` (or an expression): 2.0 raises ArgumentError ("may only be set to False"), and the
  1.x behaviour cannot be kept: drop the flag and `session.add()` the objects that used to arrive in the
  Session through the backref.
* The silent change itself, where it can be seen in one function (or module body): an object created there
  from a mapped class (`child = Child(...)`), given a related object through a relationship attribute that
  has a reverse (`child.parent = p`, or `Child(parent=p)`; the project index knows the relationships, their
  `backref=` and `back_populates=`, and skips those that set `cascade_backrefs=False`), and then never used
  otherwise: not passed to `add()`/`add_all()`/`merge()` nor to any other call, not returned, stored or
  appended anywhere, in a function (or module body) that calls `.commit()` or `.flush()`. If `p` is in a Session, 1.x put `child` into it through the backref, so it was flushed
  and committed; 2.0 does not, and `child` is silently never saved. The finding says to add
  `session.add(child)`.

Limits (documented, not guessed): an object that escapes the function (passed to a call, returned, stored)
may be added elsewhere and is not reported; whether `p` is in a Session is not known, so the finding is
worded "if"; relationships declared in `mapper(..., properties=...)` or through `declared_attr` are not in
the index; custom `cascade=` settings are not looked at.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

from sqla_upgrade.chain import drop_keyword
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.index import ImportTable, module_facts
from sqla_upgrade.kinds import sqla_names
from sqla_upgrade.matchers import is_literal, keyword_arg
from sqla_upgrade.scopes import LOCAL, BindingKind

_ORM = ("sqlalchemy.orm", "sqlalchemy.orm.relationships")
RELATIONSHIP_CALLS = frozenset(sqla_names("relationship", "relation", "backref", modules=_ORM))
_FLUSHING_METHODS = frozenset({"commit", "flush"})


class CascadeBackrefs(SqlaCodemod):
    ID = "cascade-backrefs"
    SUMMARY = "relationship(cascade_backrefs=False) → flag dropped; =True and objects only saved via a backref reported"
    SAFETY = Safety.SAFE
    ERROR_CODE = "s9r1"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"cascade_backrefs", b"commit", b"flush")
    # The silent change is looked for in the functions (and module bodies) that commit or flush.
    SITES = Sites(calls=RELATIONSHIP_CALLS, methods=_FLUSHING_METHODS)
    EXAMPLES = (
        Example(
            before="from sqlalchemy.orm import backref, relationship\n\n"
            'children = relationship("Child", backref=backref("parent", cascade_backrefs=False), cascade_backrefs=False)\n',
            after="from sqlalchemy.orm import backref, relationship\n\n"
            'children = relationship("Child", backref=backref("parent"))\n',
        ),
    )

    # -- the flag ---------------------------------------------------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        arg = keyword_arg(original_node, "cascade_backrefs")
        if arg is None or not isinstance(original_node.func, (cst.Name, cst.Attribute)):
            return updated_node
        qualified = self.qualified_names(original_node.func)
        if not qualified or not qualified <= RELATIONSHIP_CALLS:
            return updated_node
        if is_literal(arg.value, "False"):
            return drop_keyword(updated_node, "cascade_backrefs")
        self.report(
            arg,
            "cascade_backrefs=True raises ArgumentError in 2.0, which no longer adds objects to a Session "
            "through backref events: drop the flag and session.add() the objects that arrived in the Session "
            "through this backref",
        )
        return updated_node

    # -- the silent change ------------------------------------------------------------------------------

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._own: Optional[Dict] = None
        self._all_classes: Optional[List] = None
        self._any_backref: Optional[bool] = None  # whether any class of the project has a cascading backref

    def visit_Module(self, node: cst.Module) -> None:
        self._scan_scope(node.body)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if isinstance(node.body, cst.IndentedBlock):
            self._scan_scope(node.body.body, node)

    def _classes(self) -> List:
        """The ClassFacts of the project's modules and of this file (whose facts a lone file's index lacks)."""
        if self._all_classes is None:
            index = self.state.names.index  # type: ignore[union-attr]
            module = self.state.names.module_name  # type: ignore[union-attr]
            own = self._own_classes()
            others = [c for m in (index.modules.values() if index is not None else ()) if m.module != module for c in m.classes.values()]
            self._all_classes = others + list(own.values())
        return self._all_classes

    def _own_classes(self) -> Dict:
        if self._own is None:
            index = self.state.names.index  # type: ignore[union-attr]
            known = index.modules.get(self.state.names.module_name) if index is not None else None  # type: ignore[union-attr]
            if known is not None:  # the index pass read this file already
                self._own = known.classes
                return self._own
            tree = ast.parse(self.state.source_text)
            names = self.state.names
            table = ImportTable(names.module_name, names.is_package)  # type: ignore[union-attr]
            for stmt in tree.body:
                if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                    table.add_import(stmt)
            self._own = module_facts(tree, names.module_name, self.state.path, names.is_package, table).classes  # type: ignore[union-attr]
        return self._own

    def _scan_scope(self, body, owner: Optional[cst.FunctionDef] = None) -> None:
        if self._any_backref is None:
            self._any_backref = any(getattr(c, "cascading_backrefs", None) for c in self._classes())
        if not self._any_backref:
            return
        uses = _Uses()
        for stmt in body:
            stmt.visit(uses)
        if not uses.flushes:
            return
        for name, (assign, call) in uses.created.items():
            if uses.escapes.get(name) or len(uses.bindings.get(name, ())) != 1:
                continue
            cls = self._class_of(call.func, owner)
            if cls is None:
                continue
            reverse = _reverse_attributes(self._classes(), cls)
            events: List[Tuple[cst.CSTNode, str]] = [
                (a, a.keyword.value) for a in call.args if a.keyword is not None and a.keyword.value in reverse and not _nothing(a.value)
            ]
            events += [(node, attr) for node, attr, value in uses.attribute_sets.get(name, ()) if attr in reverse and not _nothing(value)]
            for node, attr in events:
                self.report(
                    node,
                    f"if the object given to `{name}.{attr}` is in a Session, 1.x added `{name}` to that Session "
                    f"through the backref ({reverse[attr]}) and saved it; 2.0 does not, and `{name}` is never "
                    f"add()ed here, so it is not saved: add `session.add({name})`",
                )

    def _class_of(self, func: cst.BaseExpression, owner: Optional[cst.FunctionDef]):
        """The index's facts of the class ``func`` names (a mapped class of the project)."""
        if not isinstance(func, (cst.Name, cst.Attribute)):
            return None
        index = self.state.names.index  # type: ignore[union-attr]
        names = self.state.names
        if isinstance(func, cst.Name):
            found = names.lookup(func.value)  # type: ignore[union-attr]
            if found is not None and all(b.kind == BindingKind.CLASS for b in found[1]):
                if not found[0].is_module or len(found[1]) != 1:
                    return None
                return self._own_classes().get(func.value)
        qualified = names.qualified_names(func)  # type: ignore[union-attr]
        if index is None or len(qualified) != 1 or LOCAL in qualified:
            return None
        return index.class_facts(next(iter(qualified)))  # type: ignore[attr-defined]


def _nothing(value: cst.BaseExpression) -> bool:
    return is_literal(value, "None") or isinstance(value, (cst.List, cst.Tuple, cst.SimpleString, cst.Integer))


def _reverse_attributes(classes, cls) -> Dict[str, str]:
    """Attributes of ``cls`` whose assignment fires a backref event, each with what it is the reverse of."""
    out: Dict[str, str] = {}
    for attr, other in getattr(cls, "cascading_backrefs", {}).items():
        out[attr] = f"{cls.relationships.get(attr, '?').rpartition('.')[2]}.{other}"
    for other in classes:
        for rel, reverse in getattr(other, "cascading_backrefs", {}).items():
            target = other.relationships.get(rel, "").rpartition(".")[2]
            if target == cls.name and reverse not in cls.relationships:
                out[reverse] = f"{other.name}.{rel}"
    return out


class _Uses(cst.CSTVisitor):
    """The names of one scope (not entering nested functions, classes or lambdas): which are bound to a
    call, what attributes are set on them, and whether they are used in any other way."""

    def __init__(self) -> None:
        self.created: Dict[str, Tuple[cst.Assign, cst.Call]] = {}
        self.bindings: Dict[str, List[cst.CSTNode]] = {}
        self.attribute_sets: Dict[str, List[Tuple[cst.CSTNode, str, cst.BaseExpression]]] = {}
        self.escapes: Dict[str, bool] = {}
        self._harmless: Set[int] = set()
        #: the scope calls .commit() or .flush() (where an object left out of the Session goes missing)
        self.flushes = False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.escapes[node.name.value] = True
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            target = t.target
            if isinstance(target, cst.Name):
                self.bindings.setdefault(target.value, []).append(node)
                self._harmless.add(id(target))
                if isinstance(node.value, cst.Call) and len(node.targets) == 1:
                    self.created[target.value] = (node, node.value)
            elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
                # `x.attr = value`: x is only the receiver of a set
                self._harmless.add(id(target.value))
                self.attribute_sets.setdefault(target.value.value, []).append((node, target.attr.value, node.value))
            else:
                for name in _names(target):
                    self.bindings.setdefault(name.value, []).append(node)
                    self._harmless.add(id(name))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        # a read `x.attr` (not a call of a method, which may do anything) is harmless
        self._harmless.add(id(node.attr))
        if isinstance(node.value, cst.Name):
            self._harmless.add(id(node.value))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            if func.attr.value in _FLUSHING_METHODS:
                self.flushes = True
            if isinstance(func.value, cst.Name):
                self.escapes[func.value.value] = True  # x.method(...): may add it (x.save(), x.attach(session))

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) in self._harmless:
            return
        self.escapes[node.value] = True



def _names(target: cst.BaseExpression) -> List[cst.Name]:
    if isinstance(target, cst.Name):
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for el in target.elements for n in _names(el.value)]
    if isinstance(target, cst.StarredElement):
        return _names(target.value)
    return []
