"""Bound MetaData, removed in 2.0: its bind sites, and the calls that ran on the engine it was bound to.

Use sites, rewritten (safe) when the engine is known (``sqla_upgrade/binds.py``: a module-level Engine of the
project, spelled by its name in its own module or imported, ``from app.db import engine``, where that import
forms no cycle):

* `md.create_all()` / `drop_all()` / `reflect()` → `md.create_all(engine)` (the other arguments kept);
* `t.create()` / `t.drop(checkfirst=True)` on a Table → `t.create(engine)` / `t.drop(engine, checkfirst=True)`;
* `t.exists()` → `inspect(engine).has_table(t.name, schema=t.schema)` (a Table named by a plain name);
* `Table("t", md, autoload=True)` → `Table("t", md, autoload_with=engine)`; with `autoload_with=` already
  given, `autoload=True` is dropped (nothing else is needed);
* an unbound `sessionmaker()` / `Session()` / `scoped_session(sessionmaker())` in a module that defines or
  imports (at module level, transitively) exactly one bound MetaData, never given a bind later
  (`Session.configure(bind=...)`, anywhere in the project) → `sessionmaker(bind=engine)`. A sessionmaker with a
  Session class of its own (`class_=`) is reported: its get_bind() may choose.

An explicit engine is valid on 1.4 too, so a use site is rewritten whatever happens to its bind site.

Bind sites: `MetaData(bind=engine)` / `MetaData(engine)` → `MetaData()`, `declarative_base(bind=engine)` →
`declarative_base()`, `md.bind = engine` deleted: only when every use of that MetaData (and of its tables,
classes and statements) in the whole project is rewritten by this run — by this codemod, or for
`stmt.execute()` by implicit-execution (binds.Binds.removable decides from the project index, for both
codemods alike). Otherwise the bind site is kept and reported with the uses that keep it: removed alone, the
program would break far away.

Reported, never rewritten: `MetaData("url")` (2.0 takes the URL as the schema name, silently: create an
engine with create_engine(url)); `@as_declarative(bind=engine)`; a use whose engine cannot be known (made in
a function, by a factory, Flask-SQLAlchemy's `db.engine`: "this call relied on MetaData.bind, which 2.0
removed; pass the Engine explicitly"), or whose import would form a cycle; an unbound sessionmaker in a
module related to several bound MetaData (`binds={BaseA: engine_a, ...}`); `Index/Sequence.create()`, whose
MetaData the index does not follow; an engine made under `if __name__ == "__main__":`, from another module.

Limitation: a `# sqla-upgrade: skip` comment on a use site is not known to the index (it reads no comments),
so a bind site may still be dropped while that use site is left as it was: the skipped line then fails on
2.0 where it would have failed anyway.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Set, Union

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from sqla_upgrade.binds import RELIED_ON_BIND, Binds, EngineRef, Missing, Spelling, dotted_of, enabled_in, names_in
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.index import METADATA_USE_METHODS
from sqla_upgrade.kinds import Kind, sqla_names
from sqla_upgrade.scopes import BindingKind

_SCHEMA = ("sqlalchemy", "sqlalchemy.schema", "sqlalchemy.sql.schema")
_ORM = ("sqlalchemy.orm", "sqlalchemy.orm.session", "sqlalchemy.orm.scoping")
METADATA_CALLS = frozenset(sqla_names("MetaData", modules=_SCHEMA))
TABLE_CALLS = frozenset(sqla_names("Table", modules=_SCHEMA))
DECLARATIVE_CALLS = frozenset(sqla_names("declarative_base", "as_declarative", modules=("sqlalchemy.orm", "sqlalchemy.ext.declarative", "sqlalchemy.orm.decl_api")))
SESSION_CALLS = frozenset(sqla_names("sessionmaker", "Session", modules=_ORM))
SCOPED_CALLS = frozenset(sqla_names("scoped_session", modules=_ORM))
_SCHEMA_ITEM_KINDS = (Kind.FROMCLAUSE, Kind.INDEX, Kind.SEQUENCE)


def _keyword(call: cst.Call, name: str) -> Optional[cst.Arg]:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _without(args: Sequence[cst.Arg], drop: cst.Arg) -> List[cst.Arg]:
    kept = [a for a in args if a is not drop]
    if kept and drop is args[-1]:
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return kept


def _given_bind(call: cst.Call) -> bool:
    """Whether a create_all()/create()/... call already gets its bind (positional, `bind=`, or splatted)."""
    return any(a.keyword is None or a.star or a.keyword.value == "bind" for a in call.args)


def _plain(node: cst.BaseExpression) -> bool:
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


class BoundMetadata(SqlaCodemod):
    ID = "bound-metadata"
    SUMMARY = "MetaData(bind=e), md.bind = e, declarative_base(bind=e) → the engine passed at each use (create_all, create, exists, autoload, sessionmaker)"
    SAFETY = Safety.SAFE
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"bind", b"MetaData", b"create_all", b"drop_all", b"reflect", b"create", b"drop", b"exists", b"autoload", b"essionmaker", b"Session")
    SITES = Sites(
        calls=METADATA_CALLS | TABLE_CALLS | DECLARATIVE_CALLS | SESSION_CALLS,
        methods=frozenset(METADATA_USE_METHODS | {"create", "drop", "exists"}),
        names=frozenset({"bind"}),
    )
    EMITS = (b"inspect(",)
    EXAMPLES = (
        Example(
            before="from sqlalchemy import MetaData, create_engine\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "metadata = MetaData(bind=engine)\n"
            "metadata.create_all()\n",
            after="from sqlalchemy import MetaData, create_engine\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "metadata = MetaData()\n"
            "metadata.create_all(engine)\n",
        ),
        Example(
            before="from sqlalchemy import Column, Integer, MetaData, Table, create_engine\n"
            "from sqlalchemy.orm import sessionmaker\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "metadata = MetaData()\n"
            "metadata.bind = engine\n"
            'users = Table("users", metadata, Column("id", Integer, primary_key=True))\n'
            "Session = sessionmaker()\n\n\n"
            "def setup():\n"
            "    if not users.exists():\n"
            "        users.create(checkfirst=True)\n",
            after="from sqlalchemy import inspect, Column, Integer, MetaData, Table, create_engine\n"
            "from sqlalchemy.orm import sessionmaker\n\n"
            'engine = create_engine("sqlite:///app.db")\n'
            "metadata = MetaData()\n"
            'users = Table("users", metadata, Column("id", Integer, primary_key=True))\n'
            "Session = sessionmaker(bind=engine)\n\n\n"
            "def setup():\n"
            "    if not inspect(engine).has_table(users.name, schema=users.schema):\n"
            "        users.create(engine, checkfirst=True)\n",
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._binds = Binds.of(self.state.names.index) if self.state.names is not None else None  # type: ignore[union-attr]
        self._enabled = enabled_in(self.state.options)
        #: `md.bind = engine` statements to delete (ids of the original SimpleStatementLines)
        self._deleted: Set[int] = set()
        self._assigned = None

    # -- shared -----------------------------------------------------------------------------------------

    def _engine_here(self, node: cst.CSTNode, answer: Optional[Union[EngineRef, Missing]]) -> Union[cst.BaseExpression, Missing]:
        """The engine as an expression at ``node``, its import scheduled; or why it cannot be given."""
        if answer is None:
            return Missing("its MetaData is bound to no engine the project shows")
        if isinstance(answer, Missing):
            return answer
        line = self.state.positions.range_of(node).start.line  # type: ignore[union-attr]
        spelled = self._binds.spelled_here(answer, self.state.names, line)  # type: ignore[union-attr,arg-type]
        if isinstance(spelled, Missing):
            return spelled
        if spelled.import_from is not None:
            AddImportsVisitor.add_needed_import(self.context, spelled.import_from, spelled.name)
        return cst.Name(spelled.name)

    def _relied(self, node: cst.CSTNode, why: str) -> None:
        self.report(node, f"{RELIED_ON_BIND} (not rewritten: {why})")

    def _metadata_name(self, stmt_value: cst.CSTNode) -> Optional[str]:
        """The dotted name of the module-level `name = <stmt_value>` being visited, if it is one."""
        names = self.state.names
        if not names.current.is_module:  # type: ignore[union-attr]
            return None
        if self._assigned is None:
            self._assigned = self._module_assignments()
        return self._assigned.get(id(stmt_value))

    def _module_assignments(self):
        assigned = {}
        module = self.state.names.module_name  # type: ignore[union-attr]
        for stmt in self.context.wrapper.module.body:  # type: ignore[union-attr]
            if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], (cst.Assign, cst.AnnAssign)):
                assign = stmt.body[0]
                target = assign.targets[0].target if isinstance(assign, cst.Assign) and len(assign.targets) == 1 else getattr(assign, "target", None)
                if isinstance(target, cst.Name) and assign.value is not None:
                    name = target.value
                    value = assign.value
                    assigned[id(value)] = f"{module}.{name}" if module else name
                    if isinstance(value, cst.Call) and value.args and isinstance(value.args[0].value, cst.Call):
                        assigned.setdefault(id(value.args[0].value), f"{module}.{name}" if module else name)
        return assigned

    # -- bind sites -------------------------------------------------------------------------------------

    def _bind_kept(self, node: cst.CSTNode, md: Optional[str], what: str) -> bool:
        """Whether the bind site of ``md`` stays (then reported, with why)."""
        if self._binds is None or md is None:
            self.report(node, f"{what} is removed in 2.0: pass the engine to each use instead (not rewritten: the bound MetaData is not a module-level name)")
            return True
        engine = self._binds.engine_of(md)
        if engine is None or isinstance(engine, Missing):
            why = engine.reason if isinstance(engine, Missing) else "its engine cannot be known"
            self.report(node, f"{what} is removed in 2.0: pass the engine to each use instead (not rewritten: {why})")
            return True
        ok, blockers = self._binds.removable(md, self._enabled)
        if ok:
            return False
        shown = "; ".join(blockers[:3]) + (f"; and {len(blockers) - 3} more" if len(blockers) > 3 else "")
        self.report(
            node,
            f"{what} is removed in 2.0: pass the engine to each use instead (not rewritten: these uses of the "
            f"MetaData are not rewritten, and would break without it: {shown})",
        )
        return True

    def _metadata_call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        bind = _keyword(original, "bind")
        positional = [a for a in original.args if a.keyword is None]
        if bind is None and not positional:
            return updated
        if any(a.star for a in original.args):
            return updated
        first = positional[0] if positional else None
        if bind is None and first is not None:
            if isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
                self.report(
                    original,
                    "MetaData(url): 2.0 silently takes the string as the schema name (\"url\".table in every "
                    "statement): make an engine with create_engine(url), use MetaData() and pass the engine "
                    "at each use",
                )
                return updated
            if len(positional) > 1:
                self.report(original, "MetaData(engine, ...) is removed in 2.0: 2.0's first argument is schema=; "
                            "drop the engine and pass it at each use")
                return updated
            bind = first
        if self._bind_kept(original, self._metadata_name(original), "MetaData(bind=engine)"):
            return updated
        index = list(original.args).index(bind)
        return updated.with_changes(args=_without(updated.args, updated.args[index]))

    def _declarative_call(self, original: cst.Call, updated: cst.Call, qualified: Set[str]) -> cst.BaseExpression:
        bind = _keyword(original, "bind")
        positional = [a for a in original.args if a.keyword is None]
        if bind is None and positional:
            if len(positional) > 1 or positional[0].star:
                self.report(original, "declarative_base(engine, ...) is removed in 2.0 (its arguments are keyword-only): drop the engine and pass it at each use")
                return updated
            bind = positional[0]  # 1.x: declarative_base(engine)
        if bind is None:
            return updated
        if any(q.endswith(".as_declarative") for q in qualified):
            self.report(original, "as_declarative(bind=engine) is removed in 2.0: drop bind= and pass the engine at each use")
            return updated
        name = self._metadata_name(original)
        md = self._binds.metadata_of(name) if self._binds is not None and name else None
        if self._bind_kept(original, md, "declarative_base(bind=engine)"):
            return updated
        index = list(original.args).index(bind)
        return updated.with_changes(args=_without(updated.args, updated.args[index]))

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if len(node.body) != 1 or not isinstance(node.body[0], cst.Assign):
            return
        assign = node.body[0]
        if len(assign.targets) != 1:
            return
        target = assign.targets[0].target
        if not (isinstance(target, cst.Attribute) and target.attr.value == "bind"):
            return
        owner = target.value
        md = None
        if self._binds is not None:
            mds = self._binds.metadata_set(dotted_of(owner, self.state.names))  # type: ignore[arg-type]
            md = next(iter(mds)) if len(mds) == 1 else None
        if md is None and self.kind_of(owner) != Kind.METADATA:
            return  # a `bind` attribute of something else
        if not self._bind_kept(node, md, "MetaData.bind = engine (2.0 silently sets an unused attribute)"):
            self._deleted.add(id(node))

    def _drop_deleted(self, body: Sequence[cst.BaseStatement], originals: Sequence[cst.BaseStatement]) -> Optional[list]:
        if not self._deleted or not any(id(o) in self._deleted for o in originals):
            return None
        kept = [u for u, o in zip(body, originals) if id(o) not in self._deleted]
        return kept

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        kept = self._drop_deleted(updated_node.body, original_node.body) if len(updated_node.body) == len(original_node.body) else None
        if kept is None:
            return updated_node
        return updated_node.with_changes(body=kept or [cst.SimpleStatementLine(body=[cst.Pass()])])

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        kept = self._drop_deleted(updated_node.body, original_node.body) if len(updated_node.body) == len(original_node.body) else None
        if kept is None:
            return updated_node
        return updated_node.with_changes(body=kept)

    # -- use sites --------------------------------------------------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if isinstance(func, (cst.Name, cst.Attribute)):
            qualified = self.qualified_names(func)
            if qualified & METADATA_CALLS:
                return self._metadata_call(original_node, updated_node)
            if qualified & DECLARATIVE_CALLS:
                return self._declarative_call(original_node, updated_node, qualified)
            if qualified & TABLE_CALLS:
                return self._autoload(original_node, updated_node)
            if qualified & SESSION_CALLS:
                return self._session(original_node, updated_node)
        if not isinstance(func, cst.Attribute) or _given_bind(original_node):
            return updated_node
        method = func.attr.value
        if method in METADATA_USE_METHODS:
            return self._metadata_use(original_node, updated_node, method)
        if method in ("create", "drop", "exists"):
            return self._schema_item_use(original_node, updated_node, method)
        return updated_node

    def _receiver_engine(self, receiver: cst.BaseExpression) -> Optional[Union[EngineRef, Missing]]:
        if self._binds is None:
            return None
        return self._binds.engine_for(dotted_of(receiver, self.state.names))  # type: ignore[arg-type]

    def _with_engine(self, updated: cst.Call, engine: cst.BaseExpression) -> cst.Call:
        return updated.with_changes(args=[cst.Arg(engine, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if updated.args else cst.MaybeSentinel.DEFAULT)] + list(updated.args))

    def _metadata_use(self, original: cst.Call, updated: cst.Call, method: str) -> cst.BaseExpression:
        receiver = original.func.value  # type: ignore[attr-defined]
        answer = self._receiver_engine(receiver)
        kind = self.kind_of(receiver)
        if answer is None and kind != Kind.METADATA:
            if kind == Kind.UNKNOWN and self._binds is not None and self._binds.bound():
                self.report(original, f"{method}() with no engine relied on MetaData.bind, which 2.0 removed, if this is a MetaData: pass the Engine explicitly")
            return updated
        engine = self._engine_here(original, answer)
        if isinstance(engine, Missing):
            self._relied(original, engine.reason)
            return updated
        return self._with_engine(updated, engine)

    def _schema_item_use(self, original: cst.Call, updated: cst.Call, method: str) -> cst.BaseExpression:
        receiver = original.func.value  # type: ignore[attr-defined]
        kind = self.kind_of(receiver)
        if kind not in _SCHEMA_ITEM_KINDS:
            return updated
        if kind != Kind.FROMCLAUSE:
            self._relied(original, "the MetaData of an Index or Sequence is not followed")
            return updated
        answer = self._receiver_engine(receiver) if _plain(receiver) else None
        if answer is None and self._binds is not None:
            answer = self._binds.engine_for(names_in(receiver, self.state.names))  # type: ignore[arg-type]
        engine = self._engine_here(original, answer)
        if isinstance(engine, Missing):
            self._relied(original, engine.reason)
            return updated
        if method != "exists":
            return self._with_engine(updated, engine)
        if original.args or not _plain(receiver):
            self._relied(original, "Table.exists() is removed: use inspect(engine).has_table(t.name, schema=t.schema)")
            return updated
        found = self.state.names.lookup("inspect")  # type: ignore[union-attr]
        if found is not None and not all(b.kind == BindingKind.IMPORT and b.qualified == "sqlalchemy.inspect" for b in found[1]) and not found[0].is_module:
            self._relied(original, "the name inspect means something else in this scope")
            return updated
        table = updated.func.value  # type: ignore[attr-defined]
        inspector = cst.Call(func=self.sqla_ref("inspect"), args=[cst.Arg(engine)])
        return cst.Call(
            func=cst.Attribute(value=inspector, attr=cst.Name("has_table")),
            args=[
                cst.Arg(cst.Attribute(value=table, attr=cst.Name("name")), comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
                cst.Arg(cst.Attribute(value=table, attr=cst.Name("schema")), keyword=cst.Name("schema"),
                        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))),
            ],
            lpar=updated.lpar,
            rpar=updated.rpar,
        )

    def _autoload(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        auto = _keyword(original, "autoload")
        if auto is None or not (isinstance(auto.value, cst.Name) and auto.value.value == "True"):
            return updated
        index = list(original.args).index(auto)
        if _keyword(original, "autoload_with") is not None:
            return updated.with_changes(args=_without(updated.args, updated.args[index]))
        positional = [a for a in original.args if a.keyword is None and not a.star]
        answer = self._receiver_engine(positional[1].value) if len(positional) >= 2 else None
        engine = self._engine_here(original, answer)
        if isinstance(engine, Missing):
            self._relied(original, engine.reason + "; use autoload_with=engine")
            return updated
        args = list(updated.args)
        args[index] = args[index].with_changes(keyword=cst.Name("autoload_with"), value=engine)
        return updated.with_changes(args=args)

    def _session(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if self._binds is None or not self._binds.related_bound(self.state.names.module_name):  # type: ignore[union-attr]
            return updated
        if any(a.keyword is None or a.star for a in original.args) or _keyword(original, "bind") or _keyword(original, "binds"):
            return updated
        name = self._metadata_name(original)
        if self._binds.configured(name):
            return updated
        what = "an unbound sessionmaker()/Session() ran on the engine of the bound MetaData, which 2.0 removed"
        if _keyword(original, "class_") is not None:
            self.report(original, f"{what}: pass bind=engine (not rewritten: a Session class of its own may choose its bind)")
            return updated
        engine = self._engine_here(original, self._binds.session_engine(self.state.names.module_name))  # type: ignore[union-attr]
        if isinstance(engine, Missing):
            self.report(original, f"{what}: pass bind=engine (not rewritten: {engine.reason})")
            return updated
        arg = cst.Arg(engine, keyword=cst.Name("bind"), equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))
        args = list(updated.args)
        if args:
            args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        return updated.with_changes(args=args + [arg])
