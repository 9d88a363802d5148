import pytest

from sqla_upgrade.codemods.dml_legacy_args import DmlLegacyArgs
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "dml-legacy-args"


@pytest.mark.parametrize("fixture", fixture_files("dml_legacy_args"), ids=lambda p: p.stem)
def test_dml_legacy_args_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("from sqlalchemy import insert\nstmt = insert(t)\n", id="table only is 2.0"),
        pytest.param(
            'from sqlalchemy import insert\nstmt = insert(t).values({"x": 1}).returning(t.c.id)\n',
            id="already a chain",
        ),
        pytest.param(
            'from sqlalchemy import insert\nstmt = insert(t).values([{"x": 1}, {"x": 2}])\n',
            id="multi-row values on a chain",
        ),
        pytest.param(
            "from sqlalchemy import update\nstmt = update(t).ordered_values((t.c.y, 1), (t.c.x, 2))\n",
            id="ordered_values already",
        ),
        pytest.param(
            "from sqlalchemy import update\nstmt = update(User).where(User.id == 1).values(name='x')\n",
            id="ORM entity update already 2.0",
        ),
        pytest.param("def insert(t, values):\n    pass\ninsert(t, values={'x': 1})\n", id="own insert function"),
        pytest.param("from mylib import update\nupdate(t, t.c.id == 1, {'x': 1})\n", id="update from another library"),
        pytest.param("import sqlalchemy\nitems.insert(0, x)\n", id="list insert"),
        pytest.param("import sqlalchemy\nsession.delete(obj)\n", id="session delete"),
        pytest.param("import sqlalchemy\ncache.update({'a': 1})\n", id="dict update"),
        pytest.param(
            "from sqlalchemy import insert\ncursor.execute('insert into t values (1)')\n", id="SQL in a string"
        ),
        pytest.param(
            "from sqlalchemy.dialects.postgresql import insert\n"
            "stmt = insert(t).values(x=1).on_conflict_do_nothing()\n",
            id="dialect insert already 2.0",
        ),
    ],
)
def test_dml_legacy_args_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", DmlLegacyArgs.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_dml_legacy_args_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after


def test_bind_is_kept_and_reported_once_per_run():
    source = 'from sqlalchemy import insert\nstmt = insert(t, values={"x": 1}, bind=engine)\n'
    first = migrate(source, [ID])
    assert first.output == 'from sqlalchemy import insert\nstmt = insert(t, bind=engine).values({"x": 1})\n'
    assert len(first.findings) == 1 and "conn.execute()" in first.findings[0]
    # the second run changes nothing and still says what is left to do by hand
    again = migrate(first.output, [ID])
    assert again.output == first.output
    assert len(again.findings) == 1
