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
from sqla_upgrade.codemods.apply_labels import ApplyLabels
from sqla_upgrade.codemods.as_scalar import AsScalar
from sqla_upgrade.codemods.case_whens_list import CaseWhensList
from sqla_upgrade.codemods.compound_select_kwargs import CompoundSelectKwargs
from sqla_upgrade.codemods.dml_legacy_args import DmlLegacyArgs
from sqla_upgrade.codemods.bound_metadata import BoundMetadata
from sqla_upgrade.codemods.engine_inspection import EngineInspection
from sqla_upgrade.codemods.exists_legacy_args import ExistsLegacyArgs
from sqla_upgrade.codemods.implicit_execution import ImplicitExecution
from sqla_upgrade.codemods.join_alias import JoinAlias
from sqla_upgrade.codemods.select_legacy import SelectLegacy
from sqla_upgrade.codemods.standalone_subquery import StandaloneSubquery
from sqla_upgrade.codemods.string_sql_fragment import StringSqlFragment
from sqla_upgrade.codemods.table_dml_args import TableDmlArgs
from sqla_upgrade.codemods.table_select_args import TableSelectArgs
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
    # Alembic env.py and migration scripts; independent of the Core codemods above, which also run on them.
    AlembicBatchEnv,
    AlembicBatchOps,
    AlembicGetBind,
]

BY_ID: Dict[str, Type[SqlaCodemod]] = {c.ID: c for c in CODEMODS}
