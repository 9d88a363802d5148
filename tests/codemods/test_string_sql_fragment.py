import pytest

from sqla_upgrade.codemods.string_sql_fragment import StringSqlFragment
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "string-sql-fragment"


@pytest.mark.parametrize("fixture", fixture_files("string_sql_fragment"), ids=lambda p: p.stem)
def test_string_sql_fragment_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param('from sqlalchemy import select, text\nq = select(t).where(text("x = 5"))\n', id="already text()"),
        pytest.param('from sqlalchemy import select\nq = select(t.c.a.label("n")).order_by("n")\n', id="order_by label"),
        pytest.param('from sqlalchemy import select\nq = select(t.c.a.label("n")).group_by("n")\n', id="group_by label"),
        pytest.param('result = df.where("x > 0")\n', id="pandas where"),
        pytest.param('rows = session.query(User).filter("id = 5")\n', id="Query filter: receiver not provable"),
        pytest.param('def f(stmt):\n    return stmt.where("x = 5")\n', id="unknown parameter receiver"),
        pytest.param('from mylib import select\nq = select(t).where("x = 5")\n', id="select of another library"),
        pytest.param('def select(t):\n    return t\nq = select(t).where("x = 5")\n', id="own select function"),
        pytest.param('from sqlalchemy import select\nq = select(t).where(b"x = 5")\n', id="bytes literal"),
        pytest.param('from sqlalchemy import not_\nq = not_("x")\n', id="not_ takes a bound value"),
        pytest.param('from operator import and_\nq = and_("a", "b")\n', id="operator.and_"),
        pytest.param('from sqlalchemy import select\nq = select(t).compile().where("x")\n', id="not a generative method"),
    ],
)
def test_string_sql_fragment_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", StringSqlFragment.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_string_sql_fragment_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after
