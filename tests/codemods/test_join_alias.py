import pytest

from sqla_upgrade.codemods.join_alias import JoinAlias
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "join-alias"


@pytest.mark.parametrize("fixture", fixture_files("join_alias"), ids=lambda p: p.stem)
def test_join_alias_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, Table, select\nt = Table('t')\n"
            "j = select(t.join(u)).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).correlate(None).subquery('j')\n",
            id="already migrated",
        ),
        pytest.param("from sqlalchemy import Table\nt = Table('t')\na = t.alias('a')\n", id="alias of a table"),
        pytest.param("from sqlalchemy import select\ns = select(t).join(u).alias()\n", id="alias of a Select's join"),
        pytest.param("q = session.query(A).join(B).alias()\n", id="join of a Query"),
        pytest.param("def f(a, b):\n    return a.join(b).alias()\n", id="join of unknown objects"),
        pytest.param("x = ' '.join(parts).alias()\n", id="str.join"),
        pytest.param("from os.path import join\np = join('a', 'b').alias()\n", id="join of another module"),
        pytest.param("from sqlalchemy import Table\nt = Table('t')\nj = t.join(u)\nj = other()\na = j.alias()\n", id="name not always a join"),
    ],
)
def test_join_alias_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", JoinAlias.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_join_alias_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after
