import pytest

from sqla_upgrade.codemods.table_select_args import TableSelectArgs
from tests.codemods.test_select_legacy import check_same_sql, runnable_fixtures
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "table-select-args"


@pytest.mark.parametrize("fixture", fixture_files("table_select_args"), ids=lambda p: p.stem)
def test_table_select_args_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize("fixture", runnable_fixtures("table_select_args"), ids=lambda p: p.stem)
def test_table_select_args_same_sql_on_2_0(fixture, sqla14_python, tmp_path):
    check_same_sql(fixture, sqla14_python, tmp_path)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import sqlalchemy\ntags = soup.select('div')\n", id="beautifulsoup select"),
        pytest.param("import sqlalchemy\nfound = soup.select('a', limit=2)\n", id="soup select with limit"),
        pytest.param("import sqlalchemy\nnodes = selector.select('//a')\n", id="xpath selector"),
        pytest.param("import sqlalchemy\nq = sel.select()\n", id="no arguments"),
        pytest.param(
            "from sqlalchemy import Table\nusers = Table('users', md)\nq = users.select()\n",
            id="table select already 2.0",
        ),
        pytest.param(
            "import sqlalchemy\nq = accounts.select(accounts.c.x == 1)\n",
            id="positional argument on an unproven receiver",
        ),
        pytest.param("q = accounts.select(whereclause=accounts.c.x == 1)\n", id="module without sqlalchemy"),
        pytest.param(
            "import sqlalchemy\nq = builder.select(order_by='x', fields=['a'])\n",
            id="unknown keyword on an unproven receiver",
        ),
        pytest.param("import sqlalchemy as sa\nq = sa.select([t.c.id], limit=1)\n", id="the select function"),
        pytest.param("from sqlalchemy import exists\nq = exists().select(t.c.id == 1)\n", id="exists select"),
        pytest.param("import select\nready = select.select([r], [], [], 0)\n", id="stdlib select"),
    ],
)
def test_table_select_args_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", TableSelectArgs.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_table_select_args_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after
