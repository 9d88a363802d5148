"""What a run prints: the output formats, --statistics, --exit-zero, the declared target, progress and
the rewrote lines."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.cli_helpers import FINDING_ONLY, LEGACY, cli, summary, write
from tests.migrate import ROOT

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
MIXED = "from sqlalchemy import func, select\n\na = select([t.c.id]).apply_labels()\ncount = counts.as_scalar()\n"


def _project(tmp_path: Path) -> Path:
    write(tmp_path / "app" / "f.py", FINDING_ONLY)
    write(tmp_path / "app" / "q.py", LEGACY)
    write(tmp_path / "app" / "bad.py", "q.apply_labels()\nselect([a]\n")
    return tmp_path


def test_text_format_shows_the_source_line_a_caret_and_explain(tmp_path):
    write(tmp_path / "f.py", FINDING_ONLY + "x = select([t], bind=e)\n")
    result = cli("run", "--dry-run", "f.py", cwd=tmp_path)
    assert result.err.startswith(
        "f.py:3:9: as-scalar as_scalar() is deprecated: use scalar_subquery() (its receiver is not proven "
        "to be a Select or Query) [fix available with --unsafe-fixes]\n"
        "  |\n"
        "3 | count = counts.as_scalar()\n"
        "  |         ^\n"
        "  = help: `sqla-upgrade explain as-scalar`\n"
        "\n"
        "f.py:4:17: select-legacy select(): bind= is removed in 2.0: drop it and execute the statement with "
        "conn.execute() / session.execute() (https://sqlalche.me/e/20/b8d9)\n"
        "  |\n"
        "4 | x = select([t], bind=e)\n"
        "  |                 ^\n"
        "  = help: `sqla-upgrade explain select-legacy`\n"
    ), result.err


def test_text_format_in_colour(tmp_path):
    write(tmp_path / "f.py", FINDING_ONLY)
    result = cli("run", "f.py", cwd=tmp_path, env={"FORCE_COLOR": "1"})
    assert result.err.startswith("\x1b[1mf.py:3:9:\x1b[0m \x1b[31mas-scalar\x1b[0m as_scalar() is deprecated")
    assert "  |         \x1b[31m^\x1b[0m\n" in result.err


def test_concise_format_is_one_line_per_finding(tmp_path):
    write(tmp_path / "f.py", FINDING_ONLY)
    result = cli("run", "--output-format", "concise", "f.py", cwd=tmp_path)
    lines = result.err.splitlines()
    assert len(lines) == 2 and lines[0].startswith("f.py:3:9: as-scalar ") and lines[1].startswith("sqla-upgrade: ")


def test_json_format_is_one_document_on_stdout(tmp_path):
    result = cli("run", "--dry-run", "--output-format", "json", "app", cwd=_project(tmp_path))
    assert result.code == 2
    doc = json.loads(result.out)  # the diff is not mixed in
    assert [(f["path"], f["line"], f["column"], f["codemod"]) for f in doc["findings"]] == [("app/f.py", 3, 9, "as-scalar")]
    assert doc["findings"][0]["fix_available"] is True
    assert doc["findings"][0]["source"] == "count = counts.as_scalar()"
    assert [e["path"] for e in doc["errors"]] == ["app/bad.py"]
    assert doc["would_change"] == ["app/q.py"]
    assert doc["summary"]["files"] == 3 and doc["summary"]["errors"] == 1
    assert summary(result).startswith("sqla-upgrade: 3 files scanned")


def test_github_format(tmp_path):
    result = cli("run", "--output-format", "github", "--dry-run", "app", cwd=_project(tmp_path))
    lines = [line for line in result.out.splitlines() if line.startswith("::")]
    assert lines[0].startswith("::warning title=sqla-upgrade (as-scalar),file=app/f.py,line=3,col=9::as-scalar ")
    assert lines[1].startswith("::error title=sqla-upgrade,file=app/bad.py::syntax error at 2:")
    assert len(lines) == 2


def test_sarif_output_is_valid_sarif_2_1_0(tmp_path):
    write(tmp_path / "app" / "mixed.py", MIXED)
    _project(tmp_path)
    result = cli("run", "--dry-run", "--output-format", "sarif", "app", cwd=tmp_path)
    doc = json.loads(result.out)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    run = doc["runs"][0]
    results = run["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [
        ("as-scalar", "app/f.py"),
        ("as-scalar", "app/mixed.py"),
    ]
    rules = run["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].startswith("syntax error")


def test_sarif_schema_rejects_what_it_should():
    """The shipped schema is the real one: a result without a message is invalid."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "a"}]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(bad)


def test_document_format_with_stdin_needs_dry_run(tmp_path):
    assert cli("run", "--output-format", "json", "-", cwd=tmp_path, stdin=LEGACY.encode()).code == 2
    result = cli("run", "--dry-run", "--output-format", "json", "-", cwd=tmp_path, stdin=FINDING_ONLY.encode())
    assert json.loads(result.out)["findings"][0]["path"] == "-"


def test_statistics(tmp_path):
    write(tmp_path / "a.py", MIXED)
    write(tmp_path / "b.py", LEGACY)
    result = cli("run", "--dry-run", "--statistics", ".", cwd=tmp_path)
    table = [line.split() for line in result.err.splitlines()[-5:-1]]
    assert table[0][:4] == ["codemod", "would", "rewrite", "(files)"]
    rows = {row[0]: row[1:] for row in table[1:]}
    assert rows == {"apply-labels": ["2", "0", "0"], "select-legacy": ["2", "0", "0"], "as-scalar": ["0", "1", "1"]}


@pytest.mark.parametrize(
    "text, code",
    [
        pytest.param(FINDING_ONLY, 0, id="findings alone: 0"),
        pytest.param(LEGACY, 1, id="changes: still 1"),
        pytest.param("select([a]\n.apply_labels(", 2, id="errors: still 2"),
    ],
)
def test_exit_zero(tmp_path, text, code):
    write(tmp_path / "f.py", text)
    assert cli("run", "--exit-zero", "f.py", cwd=tmp_path).code == code


def test_write_mode_says_what_it_rewrote_unless_quiet(tmp_path):
    write(tmp_path / "a.py")
    write(tmp_path / "b.py", FINDING_ONLY)
    loud = cli("run", ".", cwd=tmp_path)
    assert loud.err.splitlines()[0] == "rewrote a.py"
    write(tmp_path / "a.py")
    quiet = cli("run", "--quiet", ".", cwd=tmp_path)
    assert "rewrote" not in quiet.err and "sqla-upgrade:" not in quiet.err
    assert "b.py:3:9: as-scalar" in quiet.err  # findings are still printed
    assert "rewrote" not in cli("run", "--dry-run", ".", cwd=tmp_path).err


# -- --target from the project's requirement -------------------------------------------------------------


@pytest.mark.parametrize(
    "files, said",
    [
        pytest.param({"pyproject.toml": '[project]\nname = "x"\ndependencies = ["SQLAlchemy>=2.1,<2.2"]\n'},
                     "target 2.1, from pyproject.toml: SQLAlchemy>=2.1,<2.2", id="pyproject 2.1"),
        pytest.param({"pyproject.toml": '[project]\nname = "x"\ndependencies = ["sqlalchemy >= 2.0, < 2.1"]\n'},
                     "target 2.0, from pyproject.toml: sqlalchemy>=2.0,<2.1", id="pyproject 2.0 with spaces"),
        pytest.param({"requirements.txt": "sqlalchemy-utils==0.41\nsqlalchemy[asyncio]~=2.1.0  # db\n"},
                     "target 2.1, from requirements.txt: sqlalchemy[asyncio]~=2.1.0", id="requirements.txt"),
        pytest.param({"setup.cfg": "[options]\ninstall_requires =\n    sqlalchemy==2.1.*\n"},
                     "target 2.1, from setup.cfg: sqlalchemy==2.1.*", id="setup.cfg"),
        pytest.param({"pyproject.toml": '[tool.poetry.dependencies]\nSQLAlchemy = "^2.1"\n'},
                     "target 2.1, from pyproject.toml: sqlalchemy>=2.1,<3", id="poetry caret"),
        pytest.param({"requirements.txt": "sqlalchemy<2.0\n"}, None, id="1.x pin: default, said nothing"),
        pytest.param({}, None, id="nothing declared"),
    ],
)
def test_target_from_the_declared_requirement(tmp_path, files, said):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    write(tmp_path / "f.py", FINDING_ONLY)
    result = cli("run", "--dry-run", "f.py", cwd=tmp_path)
    lines = [line for line in result.err.splitlines() if "target " in line]
    assert lines == ([f"sqla-upgrade: {said} (--target overrides)"] if said else [])
    assert [line for line in cli("run", "--dry-run", "--target", "2.0", "f.py", cwd=tmp_path).err.splitlines() if "target " in line] == []


def test_declared_target_reaches_the_codemods(tmp_path, monkeypatch):
    from sqla_upgrade.project import Settings as _Settings
    from sqla_upgrade.config import Config
    from sqla_upgrade.target import declared_target

    (tmp_path / "requirements.txt").write_text("sqlalchemy>=2.1\n")
    monkeypatch.chdir(tmp_path)
    settings = _Settings(Config(), None, None, "auto", False, declared_target(tmp_path))
    assert settings.options_for(Config())[1].target == "2.1"
    assert _Settings(Config(), "2.0", None, "auto", False, None).options_for(Config())[1].target == "2.0"
    assert settings.options_for(Config(path=tmp_path / "p.toml", target="2.0"))[1].target == "2.0"


# -- progress ------------------------------------------------------------------------------------------


def _run_with_tty_stderr(args, cwd: Path) -> bytes:
    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "sqla_upgrade", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks)


def test_progress_bar_only_on_a_terminal(tmp_path):
    for i in range(5):
        write(tmp_path / f"m{i}.py", LEGACY if i % 2 else FINDING_ONLY)
    on_tty = _run_with_tty_stderr(["run", "--dry-run", "."], tmp_path)
    assert b"\r[" in on_tty and b"] 5/5 files, 2 changes, 3 findings" in on_tty
    assert b"\r\x1b[K" in on_tty  # cleared before the findings and summary
    piped = cli("run", "--dry-run", ".", cwd=tmp_path)
    assert "\r" not in piped.err
