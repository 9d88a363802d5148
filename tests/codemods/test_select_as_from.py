import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "select-as-from"


@pytest.mark.parametrize("fixture", fixture_files("select_as_from"), ids=lambda p: p.stem)
def test_select_as_from_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


PRELUDE = "from sqlalchemy import MetaData, Table, Column, Integer, select\n\nmd = MetaData()\nt = Table('t', md, Column('id', Integer))\n"


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(PRELUDE + "q = select(t.c.id).where(t.c.id > 1)\nsq = q.subquery()\nr = select(sq.c.id)\n", id="already 2.0"),
        pytest.param(PRELUDE + "q = select(t)\ncols = q.selected_columns.id\n", id="selected_columns"),
        pytest.param(PRELUDE + "a = t.alias()\nr = select(a.c.id).select_from(a)\nj = t.join(a, t.c.id == a.c.id)\n", id="an alias"),
        pytest.param(PRELUDE + "r = t.select().where(t.c.id == 1)\n", id="Table.select()"),
        pytest.param(PRELUDE + "q = select(t)\n\ndef run(conn):\n    return conn.execute(q).all()\n", id="executed only"),
        pytest.param(PRELUDE + "q = select(t)\nsq = q.subquery('named')\nr = select(sq.c.id)\n", id="explicit subquery"),
        pytest.param(PRELUDE + "q = select(t)\nnames = ', '.join(['a', 'b'])\n", id="str.join"),
        pytest.param(
            "class Select:\n    c = None\n\n    def select(self):\n        return self\n\n"
            "def select(*a):\n    return Select()\n\nq = select(1)\nx = q.c\ny = q.select()\n",
            id="a user's own select",
        ),
        pytest.param(PRELUDE + "q = select(t)\nf = t.c.id.in_(q)\n", id="a Select in in_() is a scalar subquery, valid"),
    ],
)
def test_select_as_from_noop(source):
    assert_noop(source, [ID])


def test_second_run_changes_nothing():
    source = (PRELUDE + "q = select(t.c.id)\nr = select(q.c.id).select_from(q)\n")
    first = migrate(source, [ID])
    assert "q_sq = q.subquery()" in first.output
    assert migrate(first.output, [ID]).output == first.output


def test_each_use_of_an_unprovable_name_is_reported():
    source = PRELUDE + "def f(q):\n    return select(q.c.id).select_from(q)\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert result.findings == []  # an unannotated parameter is not proven a Select


def test_annotated_parameter_is_reported_not_rewritten():
    source = PRELUDE + "from sqlalchemy.sql import Select\n\ndef f(q: Select):\n    return select(q.c.id).select_from(q)\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert len(result.findings) == 2 and all("89ve" in f for f in result.findings)
