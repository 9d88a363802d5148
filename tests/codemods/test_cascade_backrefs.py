import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "cascade-backrefs"


@pytest.mark.parametrize("fixture", fixture_files("cascade_backrefs"), ids=lambda p: p.stem)
def test_cascade_backrefs_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)
