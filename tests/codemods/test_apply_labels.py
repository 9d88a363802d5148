import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files

ID = "apply-labels"


@pytest.mark.parametrize("fixture", fixture_files("apply_labels"), ids=lambda p: p.stem)
def test_apply_labels_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("stmt = select(users).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)\n", id="already 2.0"),
        pytest.param("labels = form.apply_labels(fields)\n", id="apply_labels with arguments is not ours"),
        pytest.param("apply_labels()\n", id="bare function named apply_labels"),
        pytest.param("s = 'x.apply_labels()'\n", id="inside a string"),
        pytest.param(
            "class ReportBuilder:\n    def apply_labels(self):\n        return self\n\n"
            "report = ReportBuilder().apply_labels()\n",
            id="a user's own ReportBuilder().apply_labels()",
        ),
        pytest.param(
            "from sqlalchemy import select\n\nclass Form:\n    def with_labels(self):\n        return self\n\n"
            "form = Form()\nf = form.with_labels()\n",
            id="a user's own object in a module that uses sqlalchemy",
        ),
        pytest.param("labels = {'a': 1}.apply_labels()\n", id="a literal's method"),
    ],
)
def test_apply_labels_noop(source):
    assert_noop(source, [ID])
