from __future__ import annotations

import pytest

from tests.differential import ROOT, old_sqlalchemy_python


@pytest.fixture(scope="session")
def sqla14_python() -> str:
    """A Python with SQLAlchemy 1.4.54: ``$SQLA_UPGRADE_PY14``, else ``.cache/sqla14`` (created if missing)."""
    return old_sqlalchemy_python("1.4.54", "SQLA_UPGRADE_PY14", ROOT / ".cache" / "sqla14")


@pytest.fixture(scope="session")
def sqla21_python() -> str:
    """A Python with SQLAlchemy 2.1.9: ``$SQLA_UPGRADE_PY21``, else ``.cache/sqla21`` (created if missing)."""
    return old_sqlalchemy_python("2.1.9", "SQLA_UPGRADE_PY21", ROOT / ".cache" / "sqla21")


# Property-based tests (tests/test_fuzz.py): the default profile is small and derandomized, so every run
# of the suite tries the same programs in a few seconds; `--hypothesis-profile=long` tries 10,000 of each.
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the fuzz tests skip themselves
    pass
else:
    _common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    settings.register_profile("ci", max_examples=100, derandomize=True, print_blob=True, **_common)
    settings.register_profile("long", max_examples=10_000, **_common)
    settings.load_profile("ci")
