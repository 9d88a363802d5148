import pytest

from sqla_upgrade.codemods.standalone_subquery import StandaloneSubquery
from tests.codemods.test_select_legacy import check_same_sql, runnable_fixtures
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "standalone-subquery"


@pytest.mark.parametrize("fixture", fixture_files("standalone_subquery"), ids=lambda p: p.stem)
def test_standalone_subquery_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize("fixture", runnable_fixtures("standalone_subquery"), ids=lambda p: p.stem)
def test_standalone_subquery_same_sql_on_2_0(fixture, sqla14_python, tmp_path):
    check_same_sql(fixture, sqla14_python, tmp_path)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from sqlalchemy import select\nsq = select(t.c.id).subquery('sq')\n", id="select subquery method"
        ),
        pytest.param("sq = session.query(User).subquery()\n", id="query subquery method"),
        pytest.param("def subquery(name, cols):\n    pass\nsubquery('sq', [a])\n", id="own subquery function"),
        pytest.param("from mylib import subquery\nsubquery('sq', [a], b)\n", id="subquery from another library"),
        pytest.param("from sqlalchemy import subquery\nsubquery()\n", id="no arguments"),
    ],
)
def test_standalone_subquery_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", StandaloneSubquery.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_standalone_subquery_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after


def test_select_is_imported_under_another_name_when_select_is_taken():
    source = "import select\nfrom sqlalchemy import subquery\n\nsq = subquery('sq', [t.c.id])\n"
    expected = "import select\nimport sqlalchemy\n\nsq = sqlalchemy.select(t.c.id).subquery('sq')\n"
    assert migrate(source, [ID]).output == expected


def test_call_without_a_name_is_reported():
    source = "from sqlalchemy import subquery\nsq = subquery(columns=[t.c.id], whereclause=t.c.x > 1)\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert len(result.findings) == 1 and "no name first" in result.findings[0]
