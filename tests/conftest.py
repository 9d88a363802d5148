from __future__ import annotations

import pytest

from tests.differential import ROOT, old_sqlalchemy_python


@pytest.fixture(scope="session")
def sqla14_python() -> str:
    """A Python with SQLAlchemy 1.4.54: ``$SQLA_UPGRADE_PY14``, else ``.cache/sqla14`` (created if missing)."""
    return old_sqlalchemy_python("1.4.54", "SQLA_UPGRADE_PY14", ROOT / ".cache" / "sqla14")
