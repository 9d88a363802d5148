import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files

ID = "as-scalar"


@pytest.mark.parametrize("fixture", fixture_files("as_scalar"), ids=lambda p: p.stem)
def test_as_scalar_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("sq = select(t).scalar_subquery()\n", id="already 2.0"),
        pytest.param("v = thing.as_scalar(1)\n", id="as_scalar with arguments is not ours"),
        pytest.param("as_scalar()\n", id="bare function named as_scalar"),
        pytest.param(
            "class Money:\n    def as_scalar(self):\n        return 1\n\nv = Money().as_scalar()\n",
            id="a user's own class with an as_scalar method",
        ),
    ],
)
def test_as_scalar_noop(source):
    assert_noop(source, [ID])
