import pytest

from sqla_upgrade.codemods.with_only_columns_list import WithOnlyColumnsList
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "with-only-columns-list"


@pytest.mark.parametrize("fixture", fixture_files("with_only_columns_list"), ids=lambda p: p.stem)
def test_with_only_columns_list_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("s = stmt.with_only_columns(t.c.a, t.c.b)\n", id="already positional"),
        pytest.param("s = stmt.with_only_columns(t.c.a)\n", id="one column expression"),
        pytest.param("s = stmt.with_only_columns(*cols)\n", id="already splatted"),
        pytest.param(
            "s = stmt.with_only_columns(arrtable.c.intarr + [4, 5, 6])\n", id="an ARRAY column plus a list"
        ),
        pytest.param("s = stmt.with_only_columns({t.c.a, t.c.b})\n", id="a set is unpacked by 2.0 too"),
        pytest.param("s = stmt.with_only_columns(get_columns())\n", id="call result is not reported"),
        pytest.param("s = stmt.with_only_columns(t.c.a, maintain_column_froms=True)\n", id="keyword kept"),
        pytest.param("class User:\n    pass\ns = stmt.with_only_columns(User)\n", id="a class is one entity"),
        pytest.param(
            "from sqlalchemy import select\nsq = select(t.c.a).scalar_subquery()\ns = stmt.with_only_columns(sq)\n",
            id="name bound to a SQLAlchemy statement",
        ),
        pytest.param("with_only_columns([a, b])\n", id="bare function named with_only_columns"),
        pytest.param("s = 'stmt.with_only_columns([a])'\n", id="inside a string"),
        pytest.param(
            "class Report:\n    def with_only_columns(self, cols):\n        return self\n\n"
            "r = Report().with_only_columns([1, 2])\n",
            id="a user's own class with a with_only_columns method",
        ),
    ],
)
def test_with_only_columns_list_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", WithOnlyColumnsList.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_with_only_columns_list_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after


def test_builtin_list_call_is_splatted():
    source = "from sqlalchemy import select\nstmt = select(t).with_only_columns(list(t.c) + [t.c.x])\n"
    assert migrate(source, [ID]).output == (
        "from sqlalchemy import select\nstmt = select(t).with_only_columns(*list(t.c), t.c.x)\n"
    )


def test_shadowed_list_call_is_left_alone():
    source = "from sqlalchemy import select\nlist = mine\nstmt = select(t).with_only_columns(list(t.c))\n"
    assert_noop(source, [ID])
