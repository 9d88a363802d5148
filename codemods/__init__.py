"""The codemods, in the order they are applied to each file.

Adding a codemod: write `codemods/<topic>.py` (see STYLE.md and any module here), add it to CODEMODS at the
place its comment explains, and mirror it in `tests/codemods/test_<topic>.py`. The id of a codemod is its
module name in kebab case.
"""

from __future__ import annotations

from typing import Dict, List, Type

from sqla_upgrade.codemod import SqlaCodemod
from sqla_upgrade.codemods.alembic_batch_env import AlembicBatchEnv
from sqla_upgrade.codemods.alembic_batch_ops import AlembicBatchOps
from sqla_upgrade.codemods.alembic_get_bind import AlembicGetBind
from sqla_upgrade.codemods.allow_unmapped import AllowUnmapped
from sqla_upgrade.codemods.apply_labels import ApplyLabels
from sqla_upgrade.codemods.as_scalar import AsScalar
from sqla_upgrade.codemods.bound_metadata import BoundMetadata
from sqla_upgrade.codemods.cascade_backrefs import CascadeBackrefs
from sqla_upgrade.codemods.case_whens_list import CaseWhensList
from sqla_upgrade.codemods.compound_select_kwargs import CompoundSelectKwargs
from sqla_upgrade.codemods.connection_autocommit import ConnectionAutocommit
from sqla_upgrade.codemods.dataclass_mixin import DataclassMixin
from sqla_upgrade.codemods.declarative_imports import DeclarativeImports
from sqla_upgrade.codemods.dml_legacy_args import DmlLegacyArgs
from sqla_upgrade.codemods.engine_execute import EngineExecute
from sqla_upgrade.codemods.engine_inspection import EngineInspection
from sqla_upgrade.codemods.execute_params import ExecuteParams
from sqla_upgrade.codemods.exists_legacy_args import ExistsLegacyArgs
from sqla_upgrade.codemods.future_flags import FutureFlags
from sqla_upgrade.codemods.implicit_execution import ImplicitExecution
from sqla_upgrade.codemods.join_alias import JoinAlias
from sqla_upgrade.codemods.legacy_query_methods import LegacyQueryMethods
from sqla_upgrade.codemods.query_get import QueryGet
from sqla_upgrade.codemods.query_strings import QueryStrings
from sqla_upgrade.codemods.row_access import RowAccess
from sqla_upgrade.codemods.runtime_changes import RuntimeChanges
from sqla_upgrade.codemods.select_as_from import SelectAsFrom
from sqla_upgrade.codemods.select_legacy import SelectLegacy
from sqla_upgrade.codemods.session_transactions import SessionTransactions
from sqla_upgrade.codemods.standalone_subquery import StandaloneSubquery
from sqla_upgrade.codemods.string_sql_fragment import StringSqlFragment
from sqla_upgrade.codemods.table_dml_args import TableDmlArgs
from sqla_upgrade.codemods.table_select_args import TableSelectArgs
from sqla_upgrade.codemods.transactions_and_engine_args import TransactionsAndEngineArgs
from sqla_upgrade.codemods.with_only_columns_list import WithOnlyColumnsList

CODEMODS: List[Type[SqlaCodemod]] = [
    ApplyLabels,
    AsScalar,
    CaseWhensList,
    WithOnlyColumnsList,
    JoinAlias,
    # Legacy select() arguments → chains; before string-sql-fragment, which fixes the `.where("x = 5")`
    # they can produce.
    SelectLegacy,
    TableSelectArgs,
    ExistsLegacyArgs,
    StandaloneSubquery,
    CompoundSelectKwargs,
    # After select-legacy (which makes 1.3's select([inner]) the select(inner) it recognises too) and the
    # other statement codemods: it renames names inside the calls they rebuild, and adds statements.
    SelectAsFrom,
    # Before string-sql-fragment: they turn `t.delete("id = 5")` into the `.where("id = 5")` it fixes.
    DmlLegacyArgs,
    TableDmlArgs,
    # After select-legacy, which turns `select([t], "x = 5")` into the `select(t).where("x = 5")` it fixes.
    StringSqlFragment,
    # Engine/Inspector methods: it rewrites the calls on an engine, never a statement, so it is independent
    # of the statement codemods above.
    EngineInspection,
    # Bound MetaData and implicit execution: one decision (sqla_upgrade/binds.py) over the project index,
    # so their order does not matter to each other; after the statement codemods, whose rewrites of a
    # statement they keep inside the with-block they build.
    BoundMetadata,
    ImplicitExecution,
    # Connectionless execution → with-blocks. Before connection-autocommit: the `with engine.connect()`
    # blocks it writes hold only statements 1.x did not commit, so that codemod adds nothing to them (and
    # its `with engine.begin()` blocks commit by themselves); execute-params, after both, normalises the
    # parameters of the `conn.execute(...)` calls it writes (EMITS puts them in a later traversal).
    EngineExecute,
    # The silent one: commits after the writes 1.x autocommitted on engine.connect() connections.
    ConnectionAutocommit,
    # The end of the Core runtime group. execute-params normalises the arguments of every execute() on a
    # Connection, Engine or Session, including the `with engine.begin() as conn: conn.execute(stmt, a=1)`
    # that engine-execute and implicit-execution write: it stays after them (and its trigger b"execute"
    # must occur in their EMITS, so that it runs over what they wrote).
    ExecuteParams,
    # After connection-autocommit, which leaves the connections of `future=True` engines alone: this one
    # drops that argument.
    TransactionsAndEngineArgs,
    # ORM configuration and Session: independent of the Core codemods above (they rewrite names, keywords of
    # Session/relationship calls and Session methods). declarative-imports rewrites `sqlalchemy.future`
    # imports; a 1.4 future engine already had 2.0 execution semantics, and the Core codemods above, which
    # read the original tree, still see where each engine came from.
    DeclarativeImports,
    CascadeBackrefs,
    FutureFlags,
    SessionTransactions,
    # ORM: string attribute names need the query they are given to (`session.query(User).options(...)`):
    # before any codemod that turns such a query into another call (query-get's `session.get(User, pk,
    # options=[...])`).
    QueryStrings,
    # ORM Query/Session: they rewrite Query chains and Session calls, which no codemod above touches.
    QueryGet,
    LegacyQueryMethods,
    # Row reads: they only wrap a proven Row in `._mapping`, which no other codemod matches or writes; after
    # every codemod that moves an execute() (its rows are proven through the rewritten call too).
    RowAccess,
    # Findings (and argument additions) on constructs no other codemod changes; independent of the order.
    RuntimeChanges,
    # Declarative classes (annotations, bases): independent of the statement codemods above, which never
    # rewrite a class's annotations or bases.
    AllowUnmapped,
    DataclassMixin,
    # Alembic env.py and migration scripts; independent of the Core codemods above, which also run on them.
    AlembicBatchEnv,
    AlembicBatchOps,
    AlembicGetBind,
]

BY_ID: Dict[str, Type[SqlaCodemod]] = {c.ID: c for c in CODEMODS}
