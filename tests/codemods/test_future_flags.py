import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "future-flags"


@pytest.mark.parametrize("fixture", fixture_files("future_flags"), ids=lambda p: p.stem)
def test_future_flags_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import asyncio\n\nf = asyncio.ensure_future(coro(), future=True)\n", id="an unrelated future= keyword"),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Session:\n    def __init__(self, future=False):\n        pass\n\n\n"
            "s = Session(future=True)\n",
            id="a user's own Session class",
        ),
        pytest.param("from sqlalchemy import create_engine\n\ne = create_engine('sqlite://', future=True)\n", id="create_engine is another codemod's"),
        pytest.param("from sqlalchemy.orm import Session\n\ns = Session(bind=None)\n", id="no future flag"),
    ],
)
def test_future_flags_noop(source):
    assert_noop(source, [ID])


def test_future_false_is_reported():
    result = migrate("from sqlalchemy.orm import sessionmaker\n\nS = sessionmaker(future=False)\n", [ID])
    assert "raises ArgumentError" in result.findings[0]
