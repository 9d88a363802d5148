import pytest

from sqla_upgrade.codemods.compound_select_kwargs import CompoundSelectKwargs
from tests.codemods.test_select_legacy import check_same_sql, runnable_fixtures
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "compound-select-kwargs"


@pytest.mark.parametrize("fixture", fixture_files("compound_select_kwargs"), ids=lambda p: p.stem)
def test_compound_select_kwargs_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize("fixture", runnable_fixtures("compound_select_kwargs"), ids=lambda p: p.stem)
def test_compound_select_kwargs_same_sql_on_2_0(fixture, sqla14_python, tmp_path):
    check_same_sql(fixture, sqla14_python, tmp_path)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("from sqlalchemy import union\nu = union(s1, s2)\n", id="selects only"),
        pytest.param("from sqlalchemy import union\nu = union(s1, s2).order_by('x').limit(3)\n", id="already a chain"),
        pytest.param("from sqlalchemy import union\nu = union(*stmts)\n", id="splatted selects"),
        pytest.param("from sqlalchemy import union\nboth = a.union(b)\n", id="union method"),
        pytest.param("both = {1}.union({2})\n", id="set union"),
        pytest.param("def union(*a, **k):\n    pass\nunion(s1, s2, order_by='x')\n", id="own union function"),
        pytest.param("from mylib import union\nunion(s1, s2, limit=1)\n", id="union from another library"),
    ],
)
def test_compound_select_kwargs_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", CompoundSelectKwargs.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_compound_select_kwargs_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after


def test_use_labels_is_reported_not_rewritten():
    source = "from sqlalchemy import union\nu = union(s1, s2, use_labels=True, limit=1)\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert len(result.findings) == 1 and "use_labels= is removed" in result.findings[0]
