import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "declarative-imports"


@pytest.mark.parametrize("fixture", fixture_files("declarative_imports"), ids=lambda p: p.stem)
def test_declarative_imports_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)
