"""The codemods, in the order they are applied to each file.

Adding a codemod: write `codemods/<topic>.py` (see STYLE.md and any module here), add it to CODEMODS at the
place its comment explains, and mirror it in `tests/codemods/test_<topic>.py`. The id of a codemod is its
module name in kebab case.
"""

from __future__ import annotations

from typing import Dict, List, Type

from sqla_upgrade.codemod import SqlaCodemod
from sqla_upgrade.codemods.apply_labels import ApplyLabels
from sqla_upgrade.codemods.as_scalar import AsScalar

CODEMODS: List[Type[SqlaCodemod]] = [
    ApplyLabels,
    AsScalar,
]

BY_ID: Dict[str, Type[SqlaCodemod]] = {c.ID: c for c in CODEMODS}
