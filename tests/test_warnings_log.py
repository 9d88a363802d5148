"""--warnings-log: SQLAlchemy 1.4's own 2.0 warnings from a real run, as findings where the tool is silent."""

from __future__ import annotations

import subprocess

import pytest

from sqla_upgrade.warnings_log import parse_log
from tests.cli_helpers import cli, write
from tests.differential import clean_env

# Line 15's receiver is one the inference cannot prove (`[conn][0]`), so that execute-params leaves the
# string there and only the warnings log knows of it.
PROGRAM = '''\
import sqlalchemy as sa

engine = sa.create_engine("sqlite://")
meta = sa.MetaData()
t = sa.Table("t", meta, sa.Column("id", sa.Integer, primary_key=True))
meta.create_all(engine)


def table():
    return t


with engine.connect() as conn:
    rows = conn.execute(sa.select([t.c.id])).fetchall()
    [conn][0].execute("select 1")
    q = table().select(t.c.id == 1, order_by=t.c.id)
    conn.execute(q)
    conn.execute(
        sa.select(
            [t.c.id]
        )
    )
print("ok")
'''


@pytest.fixture
def warned_project(tmp_path, sqla14_python):
    app = write(tmp_path / "app" / "prog.py", PROGRAM)
    env = dict(clean_env(), SQLALCHEMY_WARN_20="1")
    proc = subprocess.run(
        [sqla14_python, "-W", "always::DeprecationWarning", str(app)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0 and "ok" in proc.stdout, proc.stderr
    (tmp_path / "warnings.log").write_text(proc.stderr)
    return tmp_path


def test_warned_locations_the_run_is_silent_on_become_findings(warned_project):
    result = cli("run", "--dry-run", "--output-format", "concise", "--warnings-log", "warnings.log", "app", cwd=warned_project)
    lines = result.err.splitlines()
    findings = [line for line in lines if line.startswith("app/")]
    assert findings == [
        "app/prog.py:15:5: runtime-warning RemovedIn20Warning: Passing a string to Connection.execute() is "
        "deprecated and will be removed in version 2.0.  Use the text() construct, or the "
        "Connection.exec_driver_sql() method to invoke a driver-level SQL string. (from the warnings log; no "
        "codemod rewrites it) (https://sqlalche.me/e/20/b8d9)",
        "app/prog.py:16:9: table-select-args `table()` is not proven to be a Table: .select(...) with "
        "SQLAlchemy's arguments → .select() chain; confirmed by the warnings log: SQLAlchemy warned here "
        "(RemovedIn20Warning) [fix available with --unsafe-fixes] (https://sqlalche.me/e/20/c9ae)",
        # q's kind is not proven: 1.x committed it on this engine.connect() connection if it was a write
        "app/prog.py:17:5: connection-autocommit 1.x committed this statement by itself if it was a write, and "
        "2.0 rolls it back when the connection closes: call conn.commit() after it if it writes (what runs here "
        "is not known) [fix available with --unsafe-fixes] (https://sqlalche.me/e/20/b8d9)",
    ], result.err
    # lines 14 and 19-20 are rewritten (the warning names line 19, the change is on line 20): not reported
    assert "sqla-upgrade: warnings log: 6 warnings, 2 rewritten by this run, 3 reported by it (1 of them confirmed), 1 new findings, 0 outside the paths of this run" in lines
    without = cli("run", "--dry-run", "--output-format", "concise", "app", cwd=warned_project)
    assert "runtime-warning" not in without.err and "confirmed" not in without.err


def test_write_mode_uses_the_code_as_it_was_read(warned_project):
    result = cli("run", "--output-format", "concise", "--warnings-log", "warnings.log", "app", cwd=warned_project)
    assert result.code == 1
    assert "app/prog.py:15:5: runtime-warning" in result.err
    assert "1 new findings" in result.err


def test_log_locations_outside_the_run_are_counted_not_reported(warned_project):
    write(warned_project / "other" / "x.py", "x = 1\n")
    result = cli("run", "--dry-run", "--warnings-log", "warnings.log", "other", cwd=warned_project)
    assert "6 warnings, 0 rewritten by this run, 0 reported by it (0 of them confirmed), 0 new findings, 6 outside" in result.err
    assert result.code == 0


@pytest.mark.parametrize(
    "line, parsed",
    [
        pytest.param("/abs/app/m.py:12: RemovedIn20Warning: The legacy calling style of select() is deprecated. (Background on SQLAlchemy 2.0 at: https://sqlalche.me/e/b8d9)",
                     ("/abs/app/m.py", 12, "RemovedIn20Warning", "The legacy calling style of select() is deprecated.", "b8d9"), id="python -W output"),
        pytest.param("  app/m.py:3: sqlalchemy.exc.MovedIn20Warning: The ``declarative_base()`` function is now available as sqlalchemy.orm.declarative_base(). (deprecated since: 1.4) (Background on SQLAlchemy 2.0 at: https://sqlalche.me/e/b8d9)",
                     ("app/m.py", 3, "MovedIn20Warning", "The ``declarative_base()`` function is now available as sqlalchemy.orm.declarative_base(). (deprecated since: 1.4)", "b8d9"), id="pytest summary, qualified category"),
        pytest.param("app/m.py:7: LegacyAPIWarning: The Query.get() method is considered legacy",
                     ("app/m.py", 7, "LegacyAPIWarning", "The Query.get() method is considered legacy", None), id="legacy API, no link"),
    ],
)
def test_parse_log_lines(line, parsed):
    (w,) = parse_log(line + "\n  the source line\n")
    assert (w.path, w.line, w.category, w.message, w.code) == parsed


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("app/m.py:7: DeprecationWarning: something else", id="another category"),
        pytest.param("app/m.py:7: SADeprecationWarning: The as_scalar() method is deprecated", id="not a 2.0 warning"),
        pytest.param("  stmt = select([users])  # RemovedIn20Warning: x", id="a source line"),
    ],
)
def test_parse_log_ignores(line):
    assert parse_log(line) == []


def test_duplicates_are_one_location():
    line = "app/m.py:7: LegacyAPIWarning: The Query.get() method is considered legacy\n"
    assert len(parse_log(line * 3)) == 1


def test_unreadable_log_is_a_usage_error(tmp_path):
    assert cli("run", "--warnings-log", "nope.log", ".", cwd=tmp_path).code == 2


def test_text_format_points_to_explain(warned_project):
    result = cli("run", "--dry-run", "--warnings-log", "warnings.log", "app", cwd=warned_project)
    assert "15 |     [conn][0].execute(\"select 1\")\n   |     ^\n   = help: `sqla-upgrade explain runtime-warning`" in result.err
    assert cli("explain", "runtime-warning", cwd=warned_project).out.startswith("runtime-warning: ")


def test_report_lists_the_warned_locations_as_manual_items(warned_project):
    result = cli("report", "--warnings-log", "warnings.log", "app", "-o", "report.md", cwd=warned_project)
    assert result.code == 0, result.err
    text = (warned_project / "report.md").read_text()
    assert "### `runtime-warning` (1)" in text
    assert "- [ ] `app/prog.py:15:5`: RemovedIn20Warning: Passing a string to Connection.execute()" in text
