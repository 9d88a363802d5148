import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "future-flags"


@pytest.mark.parametrize("fixture", fixture_files("future_flags"), ids=lambda p: p.stem)
def test_future_flags_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)
