"""Behaviour changes that 2.0 (catalogue §1.G) and 2.1 (§1.H) make at run time without a source-level error,
where the code shows them: found by qualified name or a proven receiver kind, never by a bare spelling.
Each finding says what changes, what to do and the catalogue row.

2.0, rewritten (safe):

* ``Sequence("s")`` → ``Sequence("s", start=1)`` (sequence-start): 1.4 emitted ``START WITH 1`` for every
  Sequence, 2.0 emits none, so the database's own default applies (on SQL Server -2**63; with a negative
  ``increment`` or a ``minvalue`` also elsewhere). DDL only; the output is 1.4's DDL. Only when the start is
  neither a keyword nor the second positional argument.
* ``Enum(PyEnum)`` → ``Enum(PyEnum, omit_aliases=False)`` (enum-omit-aliases), when ``PyEnum`` is a class of
  this module whose members provably have aliases (two members with the same literal value): 2.0 drops the
  aliases from the type's values, so rows holding an alias's name stop loading. 1.4 accepts the keyword.

2.0, reported: ``isinstance(x, Variant)`` (with-variant-copy: ``with_variant()`` returns a copy of the type
in 2.0, no Variant); ``col.match(...)`` on a proven column in a module that uses PostgreSQL (pg-match: 2.0
renders ``plainto_tsquery``).

2.1, only with ``--target 2.1``: ``@declarative_mixin`` is removed (declarative-mixin-decorator, safe, and its
import when unused); ``create_engine("postgresql://...")`` / ``"oracle://..."`` get the driver they meant in
1.x and 2.0, ``postgresql+psycopg2://`` / ``oracle+cx_oracle://`` (pg-default-driver, oracle-default-driver:
2.1 defaults to psycopg 3 and oracledb); such a URL literal anywhere else is reported. Reported:
``select(t).distinct(t.c.x)`` (distinct-on), ``noload()`` / ``lazy="noload"`` (noload),
``session.flush([obj])`` (session-flush-objects), ``Enum(..., inherit_schema=True)`` (enum-inherit-schema),
``relationship(secondary="A.__table__")`` (secondary-no-eval), ``Computed(...)`` without ``persisted=``
(computed-virtual-pg), SQLite URI arguments without ``uri=true`` (sqlite-ignored-query-args) and
``mode=memory`` URIs without a ``poolclass`` (sqlite-mode-memory-pool), ``mapper(..., non_primary=True)``
(mapper-non-primary), ``@collection.converter`` (collection-converter), ``postgresql.Any()``/``All()``
(array-any-all), ``conn.execute(stmt, [])`` (execute-empty-list), ``isinstance(x, Numeric)``
(float-numeric-split).

Not detected (runtime only, or needing the SQL types of columns): true-division, sqlite-file-queuepool
(every file-SQLite engine would be flagged; it matters only to a program that relies on its connections
being closed), extend-existing-replace, result-escapes-scope, pg-named-types, dataclass-default-dict,
autoflush-all, composite-none, filter-by-ambiguous, mapper-mapped-table, clause-params-nonexec.
"""

from __future__ import annotations

import ast
import re
from typing import Optional, Set

import libcst as cst

from sqla_upgrade.chain import append_arg
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind, sqla_names
from sqla_upgrade.matchers import builtin_call, remove_import_if_unused
from sqla_upgrade.scopes import BindingKind

_SCHEMA = ("sqlalchemy", "sqlalchemy.schema", "sqlalchemy.sql.schema")
_TYPES = ("sqlalchemy", "sqlalchemy.types", "sqlalchemy.sql.sqltypes")
SEQUENCE = frozenset(sqla_names("Sequence", modules=_SCHEMA))
DROP_SEQUENCE = frozenset(sqla_names("DropSequence", modules=_SCHEMA + ("sqlalchemy.sql.ddl",)))
COMPUTED = frozenset(sqla_names("Computed", modules=_SCHEMA))
ENUM = frozenset(sqla_names("Enum", modules=_TYPES)) | {"sqlalchemy.dialects.postgresql.ENUM"}
VARIANT = frozenset({"sqlalchemy.types.Variant", "sqlalchemy.sql.type_api.Variant", "sqlalchemy.sql.sqltypes.Variant"})
NUMERIC = frozenset(sqla_names("Numeric", modules=_TYPES))
NOLOAD = frozenset({"sqlalchemy.orm.noload", "sqlalchemy.orm.strategy_options.noload"})
RELATIONSHIP = frozenset({"sqlalchemy.orm.relationship", "sqlalchemy.orm.relation", "sqlalchemy.orm.relationships.relationship"})
BACKREF = frozenset({"sqlalchemy.orm.backref", "sqlalchemy.orm.relationships.backref"})
DECLARATIVE_MIXIN = frozenset({"sqlalchemy.orm.declarative_mixin", "sqlalchemy.orm.decl_api.declarative_mixin"})
CREATE_ENGINE = frozenset(
    {"sqlalchemy.create_engine", "sqlalchemy.engine.create_engine", "sqlalchemy.engine.create.create_engine",
     "sqlalchemy.ext.asyncio.create_async_engine", "sqlalchemy.future.create_engine"}
)
MAPPER = frozenset({"sqlalchemy.orm.mapper", "sqlalchemy.orm.mapper.Mapper", "sqlalchemy.orm.Mapper"})
CONVERTER = frozenset({"sqlalchemy.orm.collections.collection.converter"})
PG_ANY_ALL = frozenset(
    f"sqlalchemy.dialects.postgresql.{mod}{name}" for mod in ("", "array.") for name in ("Any", "All")
)
_ENUM_BASES = frozenset(f"enum.{n}" for n in ("Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"))
#: URL literal prefixes whose default driver 2.1 changes → the 1.x/2.0 driver, spelled out
_DRIVERS = {"postgresql://": "postgresql+psycopg2://", "oracle://": "oracle+cx_oracle://"}
_SQLITE_URI = re.compile(r"^sqlite(\+pysqlite)?:///file:[^?]*\?(.*)$")
#: a `secondary=` string 2.1 still understands: a table name, optionally schema-qualified
_TABLE_NAME = re.compile(r"^\w+(\.\w+)?$")


def _keyword(call: cst.Call, name: str) -> Optional[cst.Arg]:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _string(node: Optional[cst.BaseExpression]) -> Optional[str]:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _worth_parsing(call: ast.Call) -> bool:
    """The cheap pass's filter of this codemod's sites: the method names are common, the shapes it reports
    on are not (``execute(stmt, [])``, ``distinct(cols)``, ``flush(objs)``)."""
    func = call.func
    if isinstance(func, ast.Attribute):
        if func.attr == "execute":
            return len(call.args) > 1 and isinstance(call.args[1], ast.List) and not call.args[1].elts
        if func.attr in ("distinct", "flush"):
            return bool(call.args)
    return True


class RuntimeChanges(SqlaCodemod):
    ID = "runtime-changes"
    SUMMARY = "2.0/2.1 run-time behaviour changes the code shows (Sequence start, Enum aliases, Variant, 2.1 defaults)"
    SAFETY = Safety.SAFE
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    TRIGGERS = (
        b"Sequence", b"Enum", b"ENUM", b"Variant", b"match", b"distinct", b"noload", b"flush", b"secondary",
        b"Computed", b"postgresql", b"oracle", b"sqlite", b"declarative_mixin", b"non_primary", b"converter",
        b"Any", b"All", b"execute", b"Numeric",
    )
    SITES = Sites(
        calls=SEQUENCE | COMPUTED | ENUM | NOLOAD | RELATIONSHIP | BACKREF | CREATE_ENGINE | MAPPER | PG_ANY_ALL,
        methods=frozenset({"match", "distinct", "flush", "map_imperatively", "execute"}),
        names=frozenset({"Variant", "Numeric", "declarative_mixin", "converter"}),
        where=_worth_parsing,
        string_prefixes=("postgresql://", "oracle://", "sqlite:///file:", "sqlite+pysqlite:///file:"),
    )
    EMITS = (b"start=1", b"omit_aliases=False")
    EXAMPLES = (
        Example(
            before="from sqlalchemy import Column, Integer, Sequence\n\n"
            'id = Column(Integer, Sequence("user_id_seq"), primary_key=True)\n',
            after="from sqlalchemy import Column, Integer, Sequence\n\n"
            'id = Column(Integer, Sequence("user_id_seq", start=1), primary_key=True)\n',
        ),
        Example(
            before="import enum\n\nimport sqlalchemy as sa\n\n\nclass Color(enum.Enum):\n"
            '    red = 1\n    crimson = 1\n    blue = 2\n\n\ncolor = sa.Column(sa.Enum(Color))\n',
            after="import enum\n\nimport sqlalchemy as sa\n\n\nclass Color(enum.Enum):\n"
            '    red = 1\n    crimson = 1\n    blue = 2\n\n\ncolor = sa.Column(sa.Enum(Color, omit_aliases=False))\n',
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._target21 = self.state.options.target == "2.1"
        #: string literals already handled as the URL of a create_engine() call
        self._engine_urls: Set[int] = set()
        self._postgres: Optional[bool] = None
        self._dropped: Set[int] = set()

    def _finding(self, node: cst.CSTNode, message: str, row: str, code: Optional[str] = None) -> None:
        self.report(node, f"{message} (catalogue: {row})", code=code)

    # -- calls by qualified name ------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, (cst.Name, cst.Attribute)) and self.qualified_names(func) & DROP_SEQUENCE:
            # a Sequence only dropped never emits its start: nothing to keep
            self._dropped.update(id(a.value) for a in node.args)
        # The URL of a create_engine() call is judged with the call (its string is left before the call is).
        if self._target21 and node.args and isinstance(func, (cst.Name, cst.Attribute)) and self.qualified_names(func) & CREATE_ENGINE:
            self._engine_urls.add(id(node.args[0].value))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        qualified = self.qualified_names(func) if isinstance(func, (cst.Name, cst.Attribute)) else set()
        if qualified & SEQUENCE:
            return self._sequence(original_node, updated_node)
        if qualified & ENUM:
            return self._enum(original_node, updated_node)
        if builtin_call(original_node, self.state.names, "isinstance") and len(original_node.args) == 2:  # type: ignore[arg-type]
            self._isinstance(original_node)
            return updated_node
        if isinstance(func, cst.Attribute) and not qualified & (MAPPER | PG_ANY_ALL):
            self._method(original_node, func.attr.value)
        if not self._target21:
            return updated_node
        if qualified & CREATE_ENGINE:
            return self._create_engine(original_node, updated_node)
        if qualified & NOLOAD:
            self._finding(original_node, "noload() is deprecated in 2.1: use lazyload(), raiseload() or a write_only relationship", "noload")
        elif qualified & (RELATIONSHIP | BACKREF):
            self._relationship(original_node, qualified)
        elif qualified & COMPUTED and _keyword(original_node, "persisted") is None:
            self._finding(
                original_node,
                "Computed() without persisted= is STORED on PostgreSQL up to 2.0 and VIRTUAL (PostgreSQL 18) in 2.1: "
                "pass persisted=True to keep STORED columns there",
                "computed-virtual-pg",
            )
        elif qualified & MAPPER and self._non_primary(original_node):
            self._finding(original_node, "non_primary mappers are removed in 2.1: map a relationship to an aliased() class instead", "mapper-non-primary")
        elif qualified & PG_ANY_ALL:
            self._finding(
                original_node,
                "postgresql.Any()/All() are deprecated in 2.1: write `value == any_(col)` / `value == all_(col)`",
                "array-any-all",
            )
        return updated_node

    def _sequence(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        args = original.args
        positional = [a for a in args if a.keyword is None]
        if id(original) in self._dropped or not args or any(a.star for a in args) or len(positional) != 1 or _keyword(original, "start") is not None:
            return updated
        start = cst.Arg(keyword=cst.Name("start"), value=cst.Integer("1"), equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ))
        return append_arg(updated, start)

    def _enum(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        args = original.args
        if self._target21 and _keyword(original, "inherit_schema") is not None:
            self._finding(original, "Enum(inherit_schema=True) is deprecated in 2.1: pass schema= explicitly", "enum-inherit-schema")
        if (
            not args
            or any(a.star for a in args)
            or args[0].keyword is not None
            or not isinstance(args[0].value, cst.Name)
        ):
            return updated
        if _keyword(original, "omit_aliases") is not None or not self._has_aliases(args[0].value):
            return updated
        flag = cst.Arg(keyword=cst.Name("omit_aliases"), value=cst.Name("False"), equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ))
        return append_arg(updated, flag)

    def _has_aliases(self, name: cst.Name) -> bool:
        """Whether ``name`` is a class of this module, a Python Enum, two members of which have the same
        literal value (the second is an alias of the first)."""
        found = self.state.names.lookup(name.value)  # type: ignore[union-attr]
        if found is None or len(found[1]) != 1 or found[1][0].kind != BindingKind.CLASS:
            return False
        cls = found[1][0].node
        if not isinstance(cls, cst.ClassDef):
            return False
        with self.state.names.within(found[1][0].scope):  # type: ignore[union-attr]
            if not any(self.qualified_names(b.value) & _ENUM_BASES for b in cls.bases if isinstance(b.value, (cst.Name, cst.Attribute))):
                return False
        values = []
        for stmt in cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ():
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
                    try:
                        values.append(ast.literal_eval(cst.Module(body=[]).code_for_node(small.value)))
                    except (ValueError, SyntaxError, TypeError):
                        continue
        try:
            return len(set(values)) != len(values)
        except TypeError:  # an unhashable value: no aliases can be proven
            return False

    def _isinstance(self, call: cst.Call) -> None:
        classes = call.args[1].value
        elements = [e.value for e in classes.elements] if isinstance(classes, cst.Tuple) else [classes]
        names: Set[str] = set()
        for e in elements:
            if isinstance(e, (cst.Name, cst.Attribute)):
                names |= self.qualified_names(e)
        if names & VARIANT:
            self._finding(
                call,
                "with_variant() returns a copy of the original type in 2.0, never a Variant: this isinstance() is "
                "now False; test the type's class (or its _variant_mapping)",
                "with-variant-copy",
            )
        if self._target21 and names & NUMERIC:
            self._finding(
                call,
                "Float is no longer a subclass of Numeric in 2.1: isinstance(x, Numeric) is False for Float types; "
                "test sqlalchemy.types.NumericCommon (2.1) or both classes",
                "float-numeric-split",
            )

    # -- methods on proven receivers --------------------------------------------------------------------

    def _method(self, call: cst.Call, method: str) -> None:
        func = call.func
        assert isinstance(func, cst.Attribute)
        if method == "match":
            if self.state.inference.column_expression(func.value) and self._uses_postgresql():  # type: ignore[union-attr]
                self._finding(
                    call,
                    "column.match() renders plainto_tsquery() on PostgreSQL in 2.0 (1.x: to_tsquery(), which reads "
                    "& | ! operators): use col.op('@@')(func.to_tsquery(...)) to keep the 1.x query",
                    "pg-match",
                )
            return
        if not self._target21:
            return
        # reported at the method's name: the calls of a chain (`.distinct(a).distinct(b)`) all start where it does
        at = func.attr
        kind = self.kind_of(func.value) if method in ("distinct", "flush", "map_imperatively", "execute") else None
        if method == "distinct" and kind == Kind.SELECT and call.args:
            self._finding(
                at,
                "select().distinct(*columns) (PostgreSQL DISTINCT ON) is deprecated in 2.1: use "
                "select().ext(postgresql.distinct_on(*columns))",
                "distinct-on",
            )
        elif method == "flush" and kind in (Kind.SESSION, Kind.SCOPED_SESSION) and call.args:
            self._finding(at, "Session.flush(objects) is deprecated in 2.1: call flush() without arguments", "session-flush-objects")
        elif method == "map_imperatively" and kind == Kind.REGISTRY and self._non_primary(call):
            self._finding(at, "non_primary mappers are removed in 2.1: map a relationship to an aliased() class instead", "mapper-non-primary")
        elif method == "execute" and kind in (Kind.CONNECTION, Kind.SESSION, Kind.SCOPED_SESSION) and len(call.args) > 1:
            params = call.args[1].value
            if isinstance(params, cst.List) and not params.elements and call.args[1].keyword is None:
                self._finding(
                    at,
                    "execute(stmt, []) (an empty parameter list) is deprecated in 2.1: skip the call when there is "
                    "nothing to execute",
                    "execute-empty-list",
                )

    @staticmethod
    def _non_primary(call: cst.Call) -> bool:
        arg = _keyword(call, "non_primary")
        return arg is not None and not (isinstance(arg.value, cst.Name) and arg.value.value in ("False", "None"))

    def _uses_postgresql(self) -> bool:
        """Whether this module is about PostgreSQL: it imports SQLAlchemy's postgresql dialect or names a
        postgresql URL."""
        if self._postgres is None:
            text = self.state.source_text
            self._postgres = bool(re.search(r"sqlalchemy\.dialects(\.postgresql|\s+import\s+postgresql)|[\"']postgres(ql)?(\+\w+)?://", text))
        return self._postgres

    # -- 2.1 --------------------------------------------------------------------------------------------

    def _relationship(self, call: cst.Call, qualified: Set[str]) -> None:
        lazy = _keyword(call, "lazy")
        if lazy is not None and _string(lazy.value) == "noload":
            self._finding(call, 'lazy="noload" is deprecated in 2.1: use lazy="raise", "select" or "write_only"', "noload")
        secondary = _keyword(call, "secondary")
        text = _string(secondary.value) if secondary is not None else None
        if qualified & RELATIONSHIP and text is not None and ("__table__" in text or not _TABLE_NAME.match(text.strip())):
            self._finding(
                call,
                f"relationship(secondary={text!r}): 2.1 no longer evaluates a secondary string as Python, it names "
                "a table; pass the table's name or a lambda returning the Table",
                "secondary-no-eval",
            )

    def _create_engine(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if not original.args or original.args[0].keyword is not None or original.args[0].star:
            return updated
        url_node = original.args[0].value
        url = _string(url_node)
        if url is None:
            return updated
        self._sqlite_uri(url_node, url, has_poolclass=_keyword(original, "poolclass") is not None)
        if not isinstance(url_node, cst.SimpleString):
            return updated
        for old, new in _DRIVERS.items():
            if url.startswith(old):
                quoted = url_node.value
                prefix_len = len(url_node.prefix) + len(url_node.quote)
                if quoted[prefix_len : prefix_len + len(old)] != old:
                    return updated  # an escape inside the prefix: leave it
                text = quoted[:prefix_len] + new + quoted[prefix_len + len(old) :]
                arg = updated.args[0].with_changes(value=updated.args[0].value.with_changes(value=text))  # type: ignore[union-attr]
                return updated.with_changes(args=[arg, *updated.args[1:]])
        return updated

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        if not self._target21 or id(original_node) in self._engine_urls:
            return updated_node
        value = original_node.evaluated_value
        if not isinstance(value, str):
            return updated_node
        for old, new in _DRIVERS.items():
            if value.startswith(old):
                driver = "psycopg (3)" if old.startswith("postgresql") else "python-oracledb"
                self._finding(
                    original_node,
                    f"a URL starting {old} uses {driver} in 2.1 (1.x and 2.0: {new.split('+')[1][:-3]}): write {new} to keep "
                    "the driver",
                    "pg-default-driver" if old.startswith("postgresql") else "oracle-default-driver",
                )
        self._sqlite_uri(original_node, value, has_poolclass=None)
        return updated_node

    def _sqlite_uri(self, node: cst.CSTNode, url: str, has_poolclass: Optional[bool]) -> None:
        match = _SQLITE_URI.match(url)
        if match is None:
            return
        query = dict(part.partition("=")[::2] for part in match.group(2).split("&"))
        if query.get("uri", "").lower() != "true":
            self._finding(
                node,
                "SQLite file: URL arguments other than SQLAlchemy's are ignored without uri=true, with a warning in 2.1: "
                "add uri=true to the query",
                "sqlite-ignored-query-args",
                code="squa",
            )
        elif query.get("mode") == "memory" and not has_poolclass:
            self._finding(
                node,
                "a mode=memory SQLite URI gets a default pool that 2.1 warns about: pass poolclass= explicitly "
                "(StaticPool or SingletonThreadPool to share the database)",
                "sqlite-mode-memory-pool",
                code="sqmp",
            )

    # -- decorators -------------------------------------------------------------------------------------

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        if not self._target21:
            return updated_node
        kept = []
        for original, updated in zip(original_node.decorators, updated_node.decorators):
            target = original.decorator
            # A decorator with comments above it keeps them: it is left for the finding-free 2.0 it is.
            if isinstance(target, (cst.Name, cst.Attribute)) and self.qualified_names(target) & DECLARATIVE_MIXIN and not original.leading_lines:
                remove_import_if_unused(self.context, self.state.names, target)  # type: ignore[arg-type]
                continue
            kept.append(updated)
        if len(kept) == len(updated_node.decorators):
            return updated_node
        return updated_node.with_changes(decorators=kept)

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        if self._target21:
            for d in original_node.decorators:
                target = d.decorator
                if isinstance(target, (cst.Name, cst.Attribute)) and self.qualified_names(target) & CONVERTER:
                    self._finding(
                        d,
                        "@collection.converter is removed in 2.1: use the bulk_replace attribute event",
                        "collection-converter",
                    )
        return updated_node

