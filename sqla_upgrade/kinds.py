"""What kind of SQLAlchemy object an expression evaluates to, as tables both analyses read.

The project index (Python's ``ast``, module level, across files) and receiver inference (LibCST, within a
scope) evaluate expressions over different trees; the facts they apply are these tables, so the two agree
on what ``create_engine(...)``, ``engine.connect()`` or ``select(...).where(...)`` is.
"""

from __future__ import annotations

from typing import Dict, Iterable, Optional, Set, Tuple


class Kind:
    """Kinds of values (plain strings, so that they pickle and print as themselves)."""

    ENGINE = "Engine"
    CONNECTION = "Connection"
    TRANSACTION = "Transaction"
    SESSION = "Session"
    SESSIONMAKER = "sessionmaker"
    SCOPED_SESSION = "scoped_session"
    SESSION_TRANSACTION = "SessionTransaction"
    RESULT = "Result"
    ROW = "Row"
    ROWS = "list of Row"
    FROMCLAUSE = "FromClause"  # Table, TableClause, and an Alias or Join of them
    SUBQUERY = "Subquery"  # a Select's .subquery() / .alias() / .cte()
    JOIN = "Join"  # join(a, b) / a.join(b) of FROM clauses (not a Select's .join())
    SELECT = "Select"
    COMPOUND = "CompoundSelect"
    EXISTS = "Exists"
    DML = "DML statement"
    QUERY = "Query"
    METADATA = "MetaData"
    DECLARATIVE_BASE = "declarative base"
    REGISTRY = "registry"
    MAPPED_CLASS = "mapped class"
    INSPECTOR = "Inspector"
    SCALAR_SELECT = "ScalarSelect"
    TEXT = "TextClause"  # text("..."), and its bindparams()/columns() forms
    DDL = "DDL element"  # DDL("..."), CreateTable(t), DropTable(t), ...
    SEQUENCE = "Sequence"
    INDEX = "Index"
    #: Flask-SQLAlchemy's ``db = SQLAlchemy(app)``: ``db.session`` is a scoped_session, ``db.Model`` a base
    FLASK_SQLALCHEMY = "flask_sqlalchemy.SQLAlchemy"
    #: a value that is provably not SQLAlchemy's (a literal, a user's class or function, another library)
    FOREIGN = "foreign"
    UNKNOWN = "unknown"


SQLALCHEMY_ROOTS = ("sqlalchemy", "alembic", "flask_sqlalchemy", "sqlmodel")

#: the modules from which SQLAlchemy 1.3/1.4 exports its public SQL-construction functions
SQLA_EXPORT_MODULES = (
    "sqlalchemy",
    "sqlalchemy.sql",
    "sqlalchemy.sql.expression",
    "sqlalchemy.sql.selectable",
    "sqlalchemy.sql.dml",
    "sqlalchemy.sql.elements",
    "sqlalchemy.sql.functions",
    "sqlalchemy.sql.operators",
)


def sqla_names(*names: str, modules: Iterable[str] = SQLA_EXPORT_MODULES) -> Set[str]:
    """Every qualified name under which SQLAlchemy exports each of ``names``."""
    return {f"{mod}.{name}" for mod in modules for name in names}


def _each(kind: str, names: Iterable[str], modules: Iterable[str]) -> Dict[str, str]:
    return {q: kind for q in sqla_names(*names, modules=modules)}


_ENGINE_MODULES = ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.engine.create", "sqlalchemy.future")
_ORM_MODULES = ("sqlalchemy.orm", "sqlalchemy.orm.session", "sqlalchemy.orm.scoping")
_SCHEMA_MODULES = ("sqlalchemy", "sqlalchemy.schema", "sqlalchemy.sql.schema")

#: qualified callee → the kind of what calling it returns
CONSTRUCTORS: Dict[str, str] = {
    **_each(Kind.ENGINE, ("create_engine", "engine_from_config", "create_mock_engine"), _ENGINE_MODULES),
    **_each(Kind.METADATA, ("MetaData",), _SCHEMA_MODULES),
    **_each(Kind.FROMCLAUSE, ("Table",), _SCHEMA_MODULES),
    **_each(Kind.FROMCLAUSE, ("table", "alias", "TableClause"), SQLA_EXPORT_MODULES),
    # the ORM's join()/outerjoin() return an _ORMJoin, a Join with the same alias()
    **_each(Kind.JOIN, ("join", "outerjoin"), SQLA_EXPORT_MODULES + ("sqlalchemy.orm", "sqlalchemy.orm.util")),
    **_each(Kind.SELECT, ("select",), SQLA_EXPORT_MODULES + ("sqlalchemy.future",)),
    **_each(
        Kind.COMPOUND,
        ("union", "union_all", "intersect", "intersect_all", "except_", "except_all"),
        SQLA_EXPORT_MODULES,
    ),
    **_each(Kind.EXISTS, ("exists",), SQLA_EXPORT_MODULES),
    **_each(Kind.DML, ("insert", "update", "delete"), SQLA_EXPORT_MODULES),
    **_each(Kind.SESSIONMAKER, ("sessionmaker",), _ORM_MODULES),
    **_each(Kind.SCOPED_SESSION, ("scoped_session",), _ORM_MODULES),
    **_each(Kind.SESSION, ("Session",), _ORM_MODULES),
    **_each(Kind.DECLARATIVE_BASE, ("declarative_base",), ("sqlalchemy.orm", "sqlalchemy.ext.declarative")),
    **_each(Kind.REGISTRY, ("registry",), ("sqlalchemy.orm", "sqlalchemy.orm.decl_api")),
    **{q: Kind.INSPECTOR for q in ("sqlalchemy.inspect",)},
    # Inspector(bind) and Inspector.from_engine(bind): deprecated in 1.4, both still build an Inspector
    **{q: Kind.INSPECTOR for c in ("sqlalchemy.engine.reflection.Inspector", "sqlalchemy.engine.Inspector", "sqlalchemy.Inspector") for q in (c, f"{c}.from_engine")},
    "alembic.op.get_bind": Kind.CONNECTION,
    **_each(Kind.TEXT, ("text",), SQLA_EXPORT_MODULES),
    **_each(
        Kind.DDL,
        ("DDL", "CreateTable", "DropTable", "CreateIndex", "DropIndex", "CreateSequence", "DropSequence", "AddConstraint", "DropConstraint", "CreateSchema", "DropSchema"),
        _SCHEMA_MODULES + ("sqlalchemy.sql.ddl",),
    ),
    **_each(Kind.SEQUENCE, ("Sequence",), _SCHEMA_MODULES),
    **_each(Kind.INDEX, ("Index",), _SCHEMA_MODULES),
    **{q: Kind.FLASK_SQLALCHEMY for q in ("flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy")},
}

#: annotation → the kind of a parameter or variable so annotated
ANNOTATIONS: Dict[str, str] = {
    **_each(Kind.ENGINE, ("Engine",), ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.engine.base", "sqlalchemy.future")),
    **_each(Kind.CONNECTION, ("Connection",), ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.engine.base", "sqlalchemy.future")),
    **_each(Kind.SESSION, ("Session",), _ORM_MODULES),
    **_each(Kind.SCOPED_SESSION, ("scoped_session",), _ORM_MODULES),
    **_each(Kind.METADATA, ("MetaData",), _SCHEMA_MODULES),
    **_each(Kind.FROMCLAUSE, ("Table",), _SCHEMA_MODULES),
    **_each(Kind.SELECT, ("Select",), SQLA_EXPORT_MODULES),
    **_each(Kind.ROW, ("Row", "RowProxy"), ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.engine.row")),
    # 1.3's RowProxy lived in engine.result; 1.4's LegacyRow (what Connection.execute() rows are there)
    **_each(Kind.ROW, ("RowProxy",), ("sqlalchemy.engine.result",)),
    **_each(Kind.ROW, ("LegacyRow",), ("sqlalchemy.engine", "sqlalchemy.engine.row")),
    **_each(Kind.RESULT, ("Result", "ResultProxy", "CursorResult"), ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.engine.result", "sqlalchemy.engine.cursor")),
    **_each(Kind.QUERY, ("Query",), ("sqlalchemy.orm", "sqlalchemy.orm.query")),
    **_each(Kind.INSPECTOR, ("Inspector",), ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.engine.reflection")),
}

# Methods of a Select (1.x and 2.0) that return a Select.
_SELECT_GENERATIVE = {
    "where", "filter", "filter_by", "order_by", "group_by", "having", "limit", "offset", "fetch", "distinct",
    "correlate", "correlate_except", "select_from", "join", "outerjoin", "join_from", "outerjoin_from",
    "with_only_columns", "apply_labels", "with_labels", "set_label_style", "column", "add_columns",
    "prefix_with", "suffix_with", "with_hint", "with_for_update", "execution_options", "options",
    "with_statement_hint", "reduce_columns", "params", "order_by_clause", "append_whereclause", "select",
}
_DML_GENERATIVE = {
    "where", "filter", "values", "returning", "return_defaults", "ordered_values", "prefix_with",
    "with_hint", "execution_options", "inline", "from_select", "with_dialect_options", "params",
}
_QUERY_GENERATIVE = {
    "filter", "filter_by", "order_by", "group_by", "having", "limit", "offset", "distinct", "join",
    "outerjoin", "options", "select_from", "with_entities", "add_columns", "add_entity", "correlate",
    "apply_labels", "with_labels", "set_label_style", "populate_existing", "with_for_update",
    "execution_options", "enable_eagerloads", "autoflush", "yield_per", "union", "union_all", "params",
    "from_self", "select_entity_from", "reset_joinpoint", "with_parent", "with_polymorphic", "slice",
    "group_by", "enable_assertions", "with_transformation", "with_hint", "prefix_with", "suffix_with",
    # (query-get, legacy-query-methods) the rest of 1.4's generative Query methods
    "add_column", "where", "with_session", "from_statement", "intersect", "intersect_all", "except_",
    "except_all", "with_statement_hint", "only_return_tuples", "tuples",
}

#: (receiver kind, method) → the kind of what the method returns
METHODS: Dict[Tuple[str, str], str] = {
    **{(Kind.FROMCLAUSE, m): Kind.SELECT for m in ("select",)},
    **{(Kind.FROMCLAUSE, m): Kind.DML for m in ("insert", "update", "delete")},
    **{(Kind.FROMCLAUSE, m): Kind.FROMCLAUSE for m in ("alias", "lateral", "tablesample")},
    **{(k, m): Kind.JOIN for k in (Kind.FROMCLAUSE, Kind.JOIN) for m in ("join", "outerjoin")},
    **{(Kind.JOIN, m): Kind.SELECT for m in ("select",)},
    **{(Kind.JOIN, m): Kind.FROMCLAUSE for m in ("alias",)},
    **{(Kind.SELECT, m): Kind.SELECT for m in _SELECT_GENERATIVE},
    **{(Kind.SELECT, m): Kind.SUBQUERY for m in ("subquery", "alias", "cte", "lateral")},
    **{(Kind.SUBQUERY, m): Kind.SUBQUERY for m in ("alias",)},
    **{(Kind.SUBQUERY, m): Kind.SELECT for m in ("select",)},
    **{(Kind.SUBQUERY, m): Kind.JOIN for m in ("join", "outerjoin")},
    **{(Kind.SELECT, m): Kind.SCALAR_SELECT for m in ("as_scalar", "scalar_subquery")},
    **{(Kind.SELECT, m): Kind.COMPOUND for m in ("union", "union_all", "intersect", "intersect_all", "except_", "except_all")},
    **{(Kind.COMPOUND, m): Kind.COMPOUND for m in ("order_by", "group_by", "limit", "offset", "apply_labels", "with_labels", "set_label_style", "correlate", "execution_options", "fetch")},
    **{(Kind.COMPOUND, m): Kind.SUBQUERY for m in ("subquery", "alias", "cte")},
    **{(Kind.COMPOUND, m): Kind.SCALAR_SELECT for m in ("as_scalar", "scalar_subquery")},
    **{(Kind.EXISTS, m): Kind.EXISTS for m in ("where", "select_from", "correlate", "correlate_except")},
    **{(Kind.EXISTS, m): Kind.SELECT for m in ("select",)},
    **{(Kind.DML, m): Kind.DML for m in _DML_GENERATIVE},
    **{(Kind.TEXT, m): Kind.TEXT for m in ("bindparams", "execution_options")},
    **{(Kind.DDL, m): Kind.DDL for m in ("execute_if", "against", "execution_options")},
    **{(Kind.ENGINE, m): Kind.CONNECTION for m in ("connect",)},
    **{(Kind.ENGINE, m): Kind.TRANSACTION for m in ("begin",)},
    **{(Kind.ENGINE, m): Kind.RESULT for m in ("execute",)},
    **{(Kind.CONNECTION, m): Kind.RESULT for m in ("execute", "exec_driver_sql")},
    **{(Kind.CONNECTION, m): Kind.TRANSACTION for m in ("begin", "begin_nested", "begin_twophase")},
    **{(Kind.CONNECTION, m): Kind.CONNECTION for m in ("execution_options",)},
    **{(Kind.SESSION, m): Kind.QUERY for m in ("query",)},
    **{(Kind.SESSION, m): Kind.RESULT for m in ("execute",)},
    **{(Kind.SESSION, m): Kind.SESSION_TRANSACTION for m in ("begin", "begin_nested")},
    **{(Kind.SCOPED_SESSION, m): Kind.QUERY for m in ("query",)},
    **{(Kind.SCOPED_SESSION, m): Kind.RESULT for m in ("execute",)},
    **{(Kind.SCOPED_SESSION, m): Kind.SESSION for m in ("__call__",)},
    **{(Kind.SESSIONMAKER, m): Kind.SESSION for m in ("__call__", "begin")},
    **{(Kind.QUERY, m): Kind.QUERY for m in _QUERY_GENERATIVE},
    **{(Kind.QUERY, m): Kind.SUBQUERY for m in ("subquery", "cte")},
    **{(Kind.QUERY, m): Kind.SCALAR_SELECT for m in ("as_scalar", "scalar_subquery")},
    # 1.x implicit execution (`stmt.execute()` on a bound MetaData's statement) returned a ResultProxy
    **{(k, "execute"): Kind.RESULT for k in (Kind.SELECT, Kind.COMPOUND, Kind.DML, Kind.TEXT)},
    **{(Kind.RESULT, m): Kind.ROW for m in ("fetchone", "first", "one", "one_or_none")},
    **{(Kind.RESULT, m): Kind.ROWS for m in ("fetchall", "all", "fetchmany")},
}

#: (receiver kind, attribute) → the kind of the attribute's value
ATTRIBUTES: Dict[Tuple[str, str], str] = {
    (Kind.QUERY, "statement"): Kind.SELECT,
    (Kind.SUBQUERY, "element"): Kind.SELECT,
    (Kind.CONNECTION, "engine"): Kind.ENGINE,
    (Kind.METADATA, "bind"): Kind.ENGINE,
    (Kind.FLASK_SQLALCHEMY, "session"): Kind.SCOPED_SESSION,
}

#: what a `with X as name:` binds, by the kind of X
WITH_TARGETS: Dict[str, str] = {
    Kind.CONNECTION: Kind.CONNECTION,
    Kind.TRANSACTION: Kind.CONNECTION,  # `with engine.begin() as conn` (on a Connection it binds the Transaction; see below)
    Kind.SESSION: Kind.SESSION,
    Kind.SESSION_TRANSACTION: Kind.SESSION_TRANSACTION,
    Kind.ENGINE: Kind.ENGINE,
}

#: kinds that iterate to Rows
ROW_SOURCES = {Kind.RESULT, Kind.ROWS}

#: Query methods that return one Row / a list of Rows, when the Query's entities make its rows Row tuples
#: (inference.Inference.query_yields_rows): `session.query(A.id, A.name).first()`, never `query(A).first()`
QUERY_ROW_METHODS: Dict[str, str] = {"first": Kind.ROW, "one": Kind.ROW, "one_or_none": Kind.ROW, "all": Kind.ROWS}

#: kinds that are SQLAlchemy's (an expression of one of these puts a file in SQLAlchemy's context)
SQLA_KINDS = {
    v for v in vars(Kind).values() if isinstance(v, str) and v not in (Kind.FOREIGN, Kind.UNKNOWN) and not v.startswith("_")
}


def is_sqla_qualified(qualified: str) -> bool:
    return qualified.split(".", 1)[0] in SQLALCHEMY_ROOTS


def constructor_kind(qualified: Iterable[str]) -> Optional[str]:
    kinds = {CONSTRUCTORS.get(q) for q in qualified}
    kinds.discard(None)
    return kinds.pop() if len(kinds) == 1 else None
