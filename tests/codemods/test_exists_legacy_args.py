import pytest

from sqla_upgrade.codemods.exists_legacy_args import ExistsLegacyArgs
from tests.codemods.test_select_legacy import check_same_sql, runnable_fixtures
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "exists-legacy-args"


@pytest.mark.parametrize("fixture", fixture_files("exists_legacy_args"), ids=lambda p: p.stem)
def test_exists_legacy_args_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize("fixture", runnable_fixtures("exists_legacy_args"), ids=lambda p: p.stem)
def test_exists_legacy_args_same_sql_on_2_0(fixture, sqla14_python, tmp_path):
    check_same_sql(fixture, sqla14_python, tmp_path)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("from sqlalchemy import exists\ne = exists()\n", id="no arguments"),
        pytest.param("from sqlalchemy import exists\ne = exists(t.c.id)\n", id="one column"),
        pytest.param("from sqlalchemy import exists\ne = exists(t.c.id).where(t.c.x == 5)\n", id="already a chain"),
        pytest.param("from sqlalchemy import exists\ne = exists(select(t.c.id))\n", id="a select"),
        pytest.param("from sqlalchemy import exists\ne = exists(*cols)\n", id="splatted columns"),
        pytest.param(
            "from sqlalchemy import exists\ne = exists(arrtable.c.intarr + [4, 5, 6])\n",
            id="an ARRAY column plus a list is one column",
        ),
        pytest.param("from sqlalchemy import exists\ne = exists().select()\n", id="exists select without arguments"),
        pytest.param("from sqlalchemy import select\ne = select(t.c.id).exists()\n", id="select exists method"),
        pytest.param("import os\nfound = os.path.exists(path)\n", id="os.path.exists"),
        pytest.param("def exists(a, b):\n    pass\nexists([a], b)\n", id="own exists function"),
        pytest.param("from sqlalchemy import exists\nfound = session.query(q.exists()).scalar()\n", id="query exists"),
        pytest.param("import sqlalchemy\nrows = thing.exists().select('div')\n", id="select on another exists"),
    ],
)
def test_exists_legacy_args_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", ExistsLegacyArgs.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_exists_legacy_args_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after


def test_multiline_select_inside_exists_loses_its_own_parentheses():
    source = (
        "from sqlalchemy import exists, select\n"
        "e = exists([t.c.id, t.c.x],\n"
        "           t.c.x == 5,  # fives\n"
        "           limit=1)\n"
    )
    assert migrate(source, [ID]).output == (
        "from sqlalchemy import exists, select\n"
        "e = exists(\n"
        "    select(t.c.id, t.c.x)\n"
        "    .where(t.c.x == 5)  # fives\n"
        "    .limit(1)\n"
        ")\n"
    )
