import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "session-transactions"


@pytest.mark.parametrize("fixture", fixture_files("session_transactions"), ids=lambda p: p.stem)
def test_session_transactions_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)
