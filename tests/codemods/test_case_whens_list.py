import pytest

from sqla_upgrade.codemods.case_whens_list import CaseWhensList
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "case-whens-list"


@pytest.mark.parametrize("fixture", fixture_files("case_whens_list"), ids=lambda p: p.stem)
def test_case_whens_list_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            'from sqlalchemy import case\nx = case((t.c.a == 1, "a"), (t.c.a == 2, "b"), else_="z")\n',
            id="already 2.0 pairs",
        ),
        pytest.param(
            'from sqlalchemy import case\nx = case({"a": 1}, value=t.c.k, else_=0)\n', id="dict with value= is 2.0"
        ),
        pytest.param("from sqlalchemy import case\nx = case(*whens, else_=0)\n", id="already splatted"),
        pytest.param(
            'from sqlalchemy import case\npair = (t.c.a == 1, "a")\nx = case(pair, else_="z")\n',
            id="name bound to one 2.0 pair",
        ),
        pytest.param(
            "from sqlalchemy import case\ndef f(w, col):\n    return case(w, value=col)\n",
            id="unknown whens with value= is taken for a dict",
        ),
        pytest.param(
            'from sqlalchemy import case\nx = case({(t.c.a == 1, "a")})\n', id="a set is accepted by 2.0"
        ),
        pytest.param(
            'from sqlalchemy import case\nx = case([t.c.a == 1, "a"], [t.c.a == 2, "b"])\n',
            id="several pairs written as lists are 2.0 style",
        ),
        pytest.param('def case(items, default=None):\n    return items\nx = case([(1, "a")], "z")\n', id="own case function"),
        pytest.param('from mylib import case\nx = case([(1, "a")], else_="z")\n', id="case from another library"),
        pytest.param('x = obj.case([(1, "a")])\n', id="case method of another object"),
        pytest.param("from sqlalchemy import case\nx = case([])\n", id="empty list is left alone"),
    ],
)
def test_case_whens_list_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", CaseWhensList.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_case_whens_list_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after
