"""Standard input, colour, Ctrl-C, the pre-commit hook definitions and LibCST's own runner."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import yaml

from sqla_upgrade.codemods import CODEMODS
from tests.cli_helpers import FINDING_ONLY, LEGACY, cli, write
from tests.migrate import ROOT

# -- standard input --------------------------------------------------------------------------------------


def test_dry_run_of_stdin_prints_a_diff(tmp_path):
    result = cli("run", "--dry-run", "-", cwd=tmp_path, stdin=LEGACY.encode())
    assert result.code == 1
    assert result.out.startswith("--- a/-\n+++ b/-\n@@ ")
    assert "+stmt = select(users.c.id).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)" in result.out


def test_dry_run_of_unchanged_stdin_prints_nothing(tmp_path):
    result = cli("run", "--dry-run", "-", cwd=tmp_path, stdin=b"x = 1\n")
    assert (result.code, result.out) == (0, "")


def test_stdin_filename_names_findings_and_diff(tmp_path):
    result = cli("run", "--dry-run", "--stdin-filename", "app/f.py", "-", cwd=tmp_path, stdin=FINDING_ONLY.encode())
    assert "app/f.py:3:9: as-scalar " in result.err
    result = cli("run", "--dry-run", "--stdin-filename", "app/q.py", "-", cwd=tmp_path, stdin=LEGACY.encode())
    assert result.out.startswith("--- a/app/q.py\n+++ b/app/q.py\n")


def test_stdin_filename_finds_the_configuration_and_excludes(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.sqla-upgrade]\nignore = ["apply-labels"]\nexclude = ["legacy"]\n')
    configured = cli("run", "--stdin-filename", "project/app.py", "-", cwd=tmp_path, stdin=LEGACY.encode())
    assert "apply_labels()" in configured.out and "select(users.c.id)" in configured.out
    excluded = cli("run", "--stdin-filename", "project/legacy/app.py", "-", cwd=tmp_path, stdin=LEGACY.encode())
    assert (excluded.code, excluded.out) == (0, LEGACY)


def test_stdin_filename_needs_stdin(tmp_path):
    assert cli("run", "--stdin-filename", "a.py", ".", cwd=tmp_path).code == 2


# -- colour ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "env, args, colored",
    [
        pytest.param({"FORCE_COLOR": "1"}, [], True, id="FORCE_COLOR"),
        pytest.param({"NO_COLOR": "1", "FORCE_COLOR": "1"}, [], False, id="NO_COLOR wins over FORCE_COLOR"),
        pytest.param({"NO_COLOR": ""}, [], False, id="empty NO_COLOR: not a terminal, so none"),
        pytest.param({"NO_COLOR": "1"}, ["--color"], True, id="--color wins over NO_COLOR"),
        pytest.param({"FORCE_COLOR": "1"}, ["--no-color"], False, id="--no-color wins over FORCE_COLOR"),
    ],
)
def test_color_environment(tmp_path, env, args, colored):
    write(tmp_path / "q.py")
    result = cli("run", "--dry-run", *args, "q.py", cwd=tmp_path, env=env)
    assert ("\x1b[32m+" in result.out) == colored


def test_no_color_on_a_terminal(tmp_path):
    from sqla_upgrade.output import use_color

    class Tty:
        def isatty(self) -> bool:
            return True

    assert use_color(None, Tty(), {}) is True
    assert use_color(None, Tty(), {"NO_COLOR": "1"}) is False


# -- Ctrl-C ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [pytest.param("2", id="worker processes"), pytest.param("1", id="in-process")])
def test_ctrl_c_stops_at_once_writes_nothing_after_and_exits_130(tmp_path, jobs):
    from sqla_upgrade.codemod import RunOptions
    from sqla_upgrade.pipeline import process_bytes

    old = LEGACY + "".join(f"s{i} = select([users.c.id]).apply_labels()\n" for i in range(40))
    new = process_bytes("m.py", old.encode(), CODEMODS, RunOptions()).new_data.decode()
    files = [write(tmp_path / f"pkg{i % 8}" / f"m{i:03}.py", old) for i in range(600)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "sqla_upgrade", "run", "--jobs", jobs, "."],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not any(f.read_text() != old for f in files[:50]):
        assert time.monotonic() < deadline and proc.poll() is None, "the run never started writing"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole process group
    interrupted = time.monotonic()
    _, err = proc.communicate(timeout=30)
    stopped_after = time.monotonic() - interrupted
    assert proc.returncode == 130, err
    assert stopped_after < 4, stopped_after
    assert b"interrupted" in err
    snapshot = [f.read_text() for f in files]
    assert set(snapshot) <= {old, new}, "a half-written file"
    assert snapshot.count(old) > 100, "the run went on after the interrupt"
    time.sleep(0.5)
    assert [f.read_text() for f in files] == snapshot, "files written after the run exited"
    leftovers = [p for p in tmp_path.rglob("*") if p.name.endswith(".sqla-upgrade")]
    assert leftovers == []


# -- pre-commit hook definitions --------------------------------------------------------------------


def test_pre_commit_hooks_file():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"sqla-upgrade", "sqla-upgrade-check"}
    for hook in hooks.values():
        assert hook["require_serial"] is True  # the tool spreads work over processes itself
        assert hook["types_or"] == ["python", "pyi"]
        assert hook["language"] == "python"
        assert "--force-exclude" in hook["entry"].split()
        assert tuple(int(x) for x in hook["minimum_pre_commit_version"].split(".")) >= (2, 9, 0)  # types_or
    assert "--dry-run" not in hooks["sqla-upgrade"]["entry"]
    assert "--dry-run" in hooks["sqla-upgrade-check"]["entry"].split()


# -- LibCST's own runner -------------------------------------------------------------------------------


@pytest.mark.parametrize("codemod", CODEMODS, ids=lambda c: c.ID)
def test_codemod_constructs_with_a_context_alone(codemod):
    from libcst.codemod import CodemodContext

    codemod(CodemodContext(filename="x.py"))


def test_libcst_tool_runs_a_codemod(tmp_path):
    target = write(tmp_path / "q.py")
    proc = subprocess.run(
        [sys.executable, "-m", "libcst.tool", "codemod", "--no-format", "--hide-progress", "-x",
         "sqla_upgrade.codemods.apply_labels.ApplyLabels", "q.py"],
        cwd=tmp_path, capture_output=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)" in target.read_text()
