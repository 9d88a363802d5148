import pytest

from sqla_upgrade.codemods.table_dml_args import TableDmlArgs
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "table-dml-args"

_TABLE = "from sqlalchemy import Table\nusers = Table('users', metadata)\n"


@pytest.mark.parametrize("fixture", fixture_files("table_dml_args"), ids=lambda p: p.stem)
def test_table_dml_args_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import sqlalchemy\nitems.insert(0, x)\n", id="list insert"),
        pytest.param("import sqlalchemy\nmylist = []\nmylist.insert(i, v)\n", id="list bound locally"),
        pytest.param("import sqlalchemy\nsoup.select('div.item')\n", id="soup select"),
        pytest.param("import sqlalchemy\ndb.delete(obj)\n", id="flask-sqlalchemy db delete"),
        pytest.param("import sqlalchemy\nsession.delete(obj)\n", id="session delete"),
        pytest.param("import sqlalchemy\ncache.update({'a': 1})\n", id="dict update positional"),
        pytest.param("import sqlalchemy\ncache.update(values=1, inline=True)\n", id="dict update with keywords"),
        pytest.param("import sqlalchemy\ndict.update(d, {'a': 1})\n", id="dict.update unbound"),
        pytest.param("import sqlalchemy\nconfig = {}\nconfig.update({'a': 1})\n", id="dict bound locally"),
        pytest.param(
            "import sqlalchemy\nsession.query(User).filter(User.id == 1).update({'name': 'x'})\n",
            id="ORM query update",
        ),
        pytest.param(
            "import sqlalchemy\nsession.query(User).delete(synchronize_session=False)\n", id="ORM query delete"
        ),
        pytest.param("accounts.insert(values={'x': 1})\n", id="SQLAlchemy keywords without a sqlalchemy import"),
        pytest.param("import sqlalchemy\naccounts.insert({'x': 1})\n", id="unproven receiver positional only"),
        pytest.param(_TABLE + "stmt = users.insert()\n", id="table insert without arguments"),
        pytest.param(_TABLE + "stmt = users.insert().values(name='x')\n", id="already a chain"),
        pytest.param(
            _TABLE + "stmt = users.update().where(users.c.id == 1).values({'name': 'x'})\n", id="update chain"
        ),
        pytest.param(
            "import sqlalchemy as sa\nstmt = sa.insert(t, values={'x': 1})\n",
            id="the insert() constructor is dml-legacy-args' business",
        ),
        pytest.param(
            "from sqlalchemy.dialects import postgresql\nstmt = postgresql.insert(t, values={'x': 1})\n",
            id="dialect insert constructor",
        ),
        pytest.param(
            "import sqlalchemy\ndef f(users):\n    return users.delete(users.c.id == 1)\n",
            id="parameter receiver positional only",
        ),
    ],
)
def test_table_dml_args_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", TableDmlArgs.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_table_dml_args_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after


def test_runs_after_dml_legacy_args_without_overlap():
    # The constructor form is rewritten once, by dml-legacy-args; table-dml-args then has nothing to do.
    source = "import sqlalchemy as sa\nstmt = sa.delete(t, t.c.id == 1)\n"
    result = migrate(source, ["dml-legacy-args", ID])
    assert result.output == "import sqlalchemy as sa\nstmt = sa.delete(t).where(t.c.id == 1)\n"
    assert result.findings == []
