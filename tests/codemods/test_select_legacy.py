import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

from sqla_upgrade.codemods.select_legacy import SelectLegacy
from tests.differential import clean_env
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "select-legacy"

# The codemods sharing the legacy-select argument map: a runnable fixture of one of them may also hold
# calls of another's (a union of legacy selects), so the SQL comparison migrates with all of them.
LEGACY_SELECT_IDS = [
    "select-legacy",
    "table-select-args",
    "exists-legacy-args",
    "standalone-subquery",
    "compound-select-kwargs",
]
RUNNABLE = "# Runs on SQLAlchemy 1.4"


def runnable_fixtures(folder: str) -> List[Path]:
    """The fixtures that run on SQLAlchemy 1.4 and print the SQL of their statements."""
    return [p for p in fixture_files(folder) if p.read_text(encoding="utf-8").startswith(RUNNABLE)]


def _sql_printed(python: str, script: Path) -> List[str]:
    proc = subprocess.run(
        [python, script.name], cwd=script.parent, capture_output=True, text=True, timeout=120, env=clean_env()
    )
    assert proc.returncode == 0, f"{script} fails on {python}:\n{proc.stderr}"
    # `select()` without columns renders "SELECT " on 1.4 and "SELECT" on 2.0
    return [line.rstrip() for line in proc.stdout.splitlines()]


def check_same_sql(fixture: Path, python14: str, tmp_path: Path) -> None:
    """The fixture on SQLAlchemy 1.4 prints the same SQL as its migration on 2.0 (and on 1.4)."""
    migrated = migrate(fixture.read_text(encoding="utf-8"), LEGACY_SELECT_IDS)
    assert migrated.error is None and migrated.findings == []
    copy = tmp_path / fixture.name
    copy.write_text(migrated.output, encoding="utf-8")
    before = _sql_printed(python14, fixture)
    assert before
    assert _sql_printed(sys.executable, copy) == before
    assert _sql_printed(python14, copy) == before


@pytest.mark.parametrize("fixture", fixture_files("select_legacy"), ids=lambda p: p.stem)
def test_select_legacy_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize("fixture", runnable_fixtures("select_legacy"), ids=lambda p: p.stem)
def test_select_legacy_same_sql_on_2_0(fixture, sqla14_python, tmp_path):
    check_same_sql(fixture, sqla14_python, tmp_path)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("from sqlalchemy import select\nq = select(t.c.a, t.c.b)\n", id="columns given one by one"),
        pytest.param("from sqlalchemy import select\nq = select()\n", id="no arguments"),
        pytest.param("from sqlalchemy import select\nq = select(*cols)\n", id="splatted columns"),
        pytest.param("from sqlalchemy import select\nq = select(*cols, t.c.x)\n", id="splat then a column"),
        pytest.param("from sqlalchemy import select\nq = select(users)\n", id="one table"),
        pytest.param("from sqlalchemy import select\nq = select(User, Address)\n", id="two entities"),
        pytest.param("from sqlalchemy import select\nq = select(t.c)\n", id="a column collection alone"),
        pytest.param("from sqlalchemy import select\nq = select(users.c, addresses.c)\n", id="two collections"),
        pytest.param(
            "from sqlalchemy import select\ndef f(model: Type[Base]):\n    return select(model)\n",
            id="parameter annotated as something else than a list",
        ),
        pytest.param(
            "from sqlalchemy import select\nclass Repo:\n    def all(self):\n        return select(self.model)\n",
            id="an attribute alone (a repository's model)",
        ),
        pytest.param("from sqlalchemy import select\nfrom app.models import User\nq = select(User)\n", id="imported"),
        pytest.param(
            "from sqlalchemy import select\nfor t in metadata.sorted_tables:\n    print(select(t))\n",
            id="a loop target (a table, most often)",
        ),
        pytest.param("from sqlalchemy import select\nclass User:\n    pass\nq = select(User)\n", id="a class"),
        pytest.param(
            "from sqlalchemy import select\nx = users.c.tags\nq = select(x + ['a'])\n",
            id="a name bound to a column, plus a list",
        ),
        pytest.param(
            "from sqlalchemy import select\nq = select(t.c.id).where(t.c.x > 5).order_by(t.c.id)\n",
            id="already a chain",
        ),
        pytest.param("from sqlalchemy.future import select\nq = select([t.c.id])\n", id="future select"),
        pytest.param("def select(cols, where=None):\n    pass\nselect([a], b)\n", id="own select function"),
        pytest.param("import select\nr, w, x = select.select([a], [b], [c], 0)\n", id="stdlib select module"),
        pytest.param("from mylib import select\nselect([a], b, limit=1)\n", id="select from another library"),
        pytest.param("import sqlalchemy\nitems = soup.select('div', limit=2)\n", id="soup select"),
        pytest.param("from sqlalchemy import select\ns = 'select([t], x)'\n", id="inside a string"),
        pytest.param(
            "from sqlalchemy import select\nq = select(t).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)\n",
            id="label style already set",
        ),
        pytest.param(
            "from sqlalchemy import select\ndef f(list):\n    return select(list(x))\n",
            id="a parameter named list is not the builtin",
        ),
        pytest.param(
            "from sqlalchemy import select\nfrom mylib import *\nq = select(tuple(x))\n",
            id="a star import may shadow the builtin",
        ),
        pytest.param(
            "from sqlalchemy import select\nq = select(arrtable.c.intarr + [4, 5, 6])\n",
            id="an ARRAY column plus a list is one column expression",
        ),
        pytest.param(
            "from sqlalchemy import select\nq = select(User.tags + ['x'], User.id)\n",
            id="an ORM ARRAY attribute plus a list, then a column",
        ),
    ],
)
def test_select_legacy_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize("example", SelectLegacy.EXAMPLES, ids=lambda e: e.before.splitlines()[-1][:40])
def test_select_legacy_examples(example):
    assert migrate(example.before, [ID], unsafe=example.unsafe).output == example.after


def test_nested_legacy_selects_are_both_rewritten():
    source = (
        "from sqlalchemy import select\n"
        "q = select([u.c.id, select([func.count()], a.c.uid == u.c.id).as_scalar()],\n"
        "           u.c.id.in_(select([a.c.uid], a.c.x > 1)))\n"
    )
    assert migrate(source, [ID]).output == (
        "from sqlalchemy import select\n"
        "q = (\n"
        "    select(u.c.id, select(func.count()).where(a.c.uid == u.c.id).as_scalar())\n"
        "    .where(u.c.id.in_(select(a.c.uid).where(a.c.x > 1)))\n"
        ")\n"
    )


def test_blocked_outer_call_keeps_its_rewritten_inner_call():
    source = "from sqlalchemy import select\nq = select([t.c.id], t.c.id.in_(select([a.c.id], a.c.x > 1)), bind=e)\n"
    result = migrate(source, [ID])
    assert result.output == (
        "from sqlalchemy import select\nq = select([t.c.id], t.c.id.in_(select(a.c.id).where(a.c.x > 1)), bind=e)\n"
    )
    assert len(result.findings) == 1 and "bind=" in result.findings[0]


def test_no_import_is_added_for_a_reported_call():
    source = "from sqlalchemy import select\nq = select([t.c.id], use_labels=True, bind=e)\n"
    assert migrate(source, [ID]).output == source


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("from sqlalchemy import select\nsorted = mine\nq = select(sorted(x), limit=1)\n", id="rebound"),
        pytest.param(
            "from sqlalchemy import select\ndef list(x):\n    return x\nq = select(list(x), limit=1)\n",
            id="own function",
        ),
        pytest.param(
            "from sqlalchemy import select\nfrom mylib import *\nq = select(list(x), limit=1)\n",
            id="star import",
        ),
    ],
)
def test_shadowed_sequence_builtin_is_not_a_proof(source):
    # with keywords the call is surely legacy: the splat is then offered, but only as an unsafe fix
    result = migrate(source, [ID])
    assert result.output == source
    assert len(result.findings) == 1 and "[fix available with --unsafe-fixes]" in result.findings[0]


def test_list_call_is_never_none():
    source = "from sqlalchemy import select\nw = list(x)\nq = select([t.c.id], prefixes=w)\n"
    result = migrate(source, [ID])
    assert result.findings == []
    assert result.output.endswith("q = select(t.c.id).prefix_with(*w)\n")


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("def f(cols):\n    return select(cols)\n", id="parameter"),
        pytest.param("def f(cols, where):\n    return select(cols, where)\n", id="parameter and another argument"),
    ],
)
def test_an_unannotated_parameter_alone_is_left_alone(source):
    # `select(cols)` reads the same in 1.x (a list) and 2.0 (one table): a fix would turn a table into
    # `*table` (and the second argument into a WHERE), and a finding would stay on the tool's own output
    # of `select([cols])` on every later run.
    source = "from sqlalchemy import select\n" + source
    for unsafe in (False, True):
        result = migrate(source, [ID], unsafe=unsafe)
        assert (result.output, result.findings) == (source, [])


def test_the_tools_own_output_is_left_alone_on_a_second_run():
    source = "from sqlalchemy import select\nres = model.resource_table\nq = select(res, other.c.state)\n"
    assert migrate(source, [ID], unsafe=True).output == source


@pytest.mark.parametrize(
    "source, fixed",
    [
        pytest.param(
            "def f(cols):\n    return select(cols + [t.c.x], t.c.y > 1)\n",
            "def f(cols):\n    return select(*cols, t.c.x).where(t.c.y > 1)\n",
            id="parameter plus a list",
        ),
        pytest.param(
            "cols = get_columns()\nq = select(cols, t.c.y > 1)\n",
            "cols = get_columns()\nq = select(*cols).where(t.c.y > 1)\n",
            id="the result of a call of the user's",
        ),
        pytest.param(
            "def f(self):\n    return select(self.cols, t.c.y == 1)\n",
            "def f(self):\n    return select(*self.cols).where(t.c.y == 1)\n",
            id="an attribute and a whereclause",
        ),
        pytest.param(
            "def f(cols: List[Column]):\n    return select(cols)\n",
            "def f(cols: List[Column]):\n    return select(*cols)\n",
            id="parameter annotated as a list",
        ),
    ],
)
def test_unproven_columns_are_an_unsafe_fix(source, fixed):
    source = "from sqlalchemy import select\n" + source
    reported = migrate(source, [ID])
    assert reported.output == source
    assert len(reported.findings) == 1 and "[fix available with --unsafe-fixes]" in reported.findings[0]
    assert migrate(source, [ID], unsafe=True).output == "from sqlalchemy import select\n" + fixed


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_multiline_call_joined_in_any_line_ending(ending):
    # Found by the long fuzz run: the one-line check read a CR-only file as one line (IndexError).
    source = ending.join(
        ["from sqlalchemy import select", "def fetch(columns):", "    return select(columns,", "         t.c.active == True)", ""]
    )
    result = migrate(source, ["select-legacy"], unsafe=True)
    assert result.error is None, result.error
    assert result.output == source.replace("select(columns," + ending + "         t.c.active == True)", "select(*columns).where(t.c.active == True)")
