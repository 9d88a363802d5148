"""Regressions found on real trees and odd files (issue 9): each costs at most its own file, never the run,
and what a write keeps or refuses."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sqla_upgrade.cli import enabled_codemods
from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.files import Target
from sqla_upgrade.runner import Job, process_target
from tests.migrate import ROOT
from tests.test_cli import LEGACY, LEGACY_OUT, sqla_upgrade, write

HEAD = "from sqlalchemy import literal, select\n\nstmt = select([users.c.id]).apply_labels()\n"


def errors_of(proc: subprocess.CompletedProcess) -> list:
    return [line for line in proc.stderr.decode().splitlines() if ": error: " in line]


def assert_no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()[-2000:]


def in_process(path: Path, *, write_: bool = True):
    options = RunOptions()
    return process_target(Target(path.name, str(path)), Job(enabled_codemods(options), options, write=write_))


# -- deep code -------------------------------------------------------------------------------------------


def _nested_parentheses(n: int) -> str:
    return HEAD + "deep = " + "(" * n + "1" + ")" * n + "\n"


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["in-process", "two workers"])
def test_code_that_crashes_the_native_parser_costs_only_its_file(tmp_path, jobs):
    # 1,500 nested parentheses overflow LibCST's native parser's stack (a segfault: the whole process).
    deep = write(tmp_path / "deep.py", _nested_parentheses(1500))
    before = deep.read_bytes()
    good = [write(tmp_path / f"good{i:02}.py") for i in range(40)]  # enough for two workers to start
    proc = sqla_upgrade("run", "--jobs", jobs, ".", cwd=tmp_path)
    assert_no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    assert errors_of(proc) == [
        "deep.py: error: nested too deeply for Python's parser (too many nested parentheses at line 4); skipped"
    ]
    assert deep.read_bytes() == before
    assert all(g.read_text() == LEGACY_OUT for g in good)
    assert "40 changed" in proc.stderr.decode()


@pytest.mark.parametrize(
    "expr, message",
    [
        pytest.param(
            " + ".join(["a"] * 5000), "nested too deeply: 5003 levels at line 4 (the limit is 1500); skipped",
            id="5000-term a + a + ...",
        ),
        pytest.param(
            "a" + ".b" * 20000, "nested too deeply: 20004 levels at line 4 (the limit is 1500); skipped",
            id="20000 chained attributes (a native parser crash)",
        ),
        pytest.param("-" * 20000 + "1", "nested too deeply for Python's parser (too complex); skipped", id="20000 unary minus"),
    ],
)
def test_code_nested_beyond_the_limit_gets_one_line(tmp_path, expr, message):
    deep = write(tmp_path / "deep.py", HEAD + "deep = " + expr + "\n")
    before = deep.read_bytes()
    result = in_process(deep)
    assert result.error == message
    assert deep.read_bytes() == before


@pytest.mark.parametrize(
    "expr",
    [
        pytest.param(" + ".join(["a"] * 400), id="400-term a + a + ..."),
        pytest.param(" + ".join(["a"] * 1000), id="1000-term a + a + ..."),
    ],
)
def test_long_valid_expressions_are_migrated(tmp_path, expr):
    f = write(tmp_path / "f.py", HEAD + "total = " + expr + "\n")
    result = in_process(f)
    assert result.error is None
    assert f.read_text() == (HEAD + "total = " + expr + "\n").replace(
        "select([users.c.id]).apply_labels()",
        "select(users.c.id).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)",
    ).replace("import literal, select", "import LABEL_STYLE_TABLENAME_PLUS_COL, literal, select")


def test_24_nested_legacy_selects_are_migrated(tmp_path):
    inner = "t.c.a"
    for _ in range(24):
        inner = f"select([literal({inner})])"
    expected = inner.replace("select([literal(", "select(literal(").replace(")])", "))")
    f = write(tmp_path / "f.py", "from sqlalchemy import literal, select\n\nx = " + inner + "\n")
    result = in_process(f)
    assert result.error is None
    assert f.read_text() == "from sqlalchemy import literal, select\n\nx = " + expected + "\n"


def test_the_raised_recursion_limit_does_not_outlive_the_file(tmp_path):
    limit = sys.getrecursionlimit()
    in_process(write(tmp_path / "f.py", HEAD + "total = " + " + ".join(["a"] * 400) + "\n"))
    assert sys.getrecursionlimit() == limit


# -- what is read ------------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_and_a_device_are_not_read(tmp_path):
    os.mkfifo(tmp_path / "fifo.py")
    os.symlink("/dev/zero", tmp_path / "zero.py")
    good = write(tmp_path / "good.py")
    proc = sqla_upgrade("run", ".", cwd=tmp_path)  # hung forever / MemoryError traceback before
    assert_no_traceback(proc)
    assert proc.returncode == 2
    assert errors_of(proc) == [
        "fifo.py: error: cannot read: not a regular file (a FIFO); skipped",
        "zero.py: error: cannot read: not a regular file (a character device); skipped",
    ]
    assert good.read_text() == LEGACY_OUT
    assert stat.S_ISFIFO(os.stat(tmp_path / "fifo.py").st_mode)


def test_a_file_over_the_size_limit_gets_one_line(tmp_path):
    from sqla_upgrade.guard import MAX_FILE_BYTES

    big = tmp_path / "big.py"
    line = b"x = select([users.c.id]).apply_labels()\n"
    big.write_bytes(line * (MAX_FILE_BYTES // len(line) + 1))
    before = big.read_bytes()
    good = write(tmp_path / "good.py")
    proc = sqla_upgrade("run", ".", cwd=tmp_path)
    assert proc.returncode == 2
    (err,) = errors_of(proc)
    size, limit = big.stat().st_size / 1e6, MAX_FILE_BYTES / 1e6
    assert err == f"big.py: error: file too large ({size:.1f} MB; the limit is {limit:.1f} MB); skipped"
    assert big.read_bytes() == before and good.read_text() == LEGACY_OUT


def test_symbolic_link_loop_is_called_so(tmp_path):
    os.symlink(tmp_path / "b.py", tmp_path / "a.py")
    os.symlink(tmp_path / "a.py", tmp_path / "b.py")
    os.symlink(tmp_path / "nowhere.py", tmp_path / "c.py")
    proc = sqla_upgrade("run", ".", cwd=tmp_path)
    assert errors_of(proc) == [
        "a.py: error: symbolic link loop; skipped",
        "b.py: error: symbolic link loop; skipped",
        "c.py: error: broken symbolic link; skipped",
    ]


def test_an_unexpected_exception_is_one_line_and_status_2(tmp_path):
    write(tmp_path / "q.py")
    script = (
        "import sqla_upgrade.runner as r, sqla_upgrade.project as c\n"
        "def boom(*a, **k): raise MemoryError('simulated')\n"
        "c.run_targets = boom\n"
        "from sqla_upgrade.guard import main\n"
        "import sys; sys.argv = ['sqla-upgrade', 'run', '.']\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT))
    )
    assert proc.returncode == 2
    assert proc.stderr.decode() == "sqla-upgrade: error: internal error, run stopped: MemoryError: simulated\n"


def test_console_script_and_module_use_the_guarded_entry_point():
    import sqla_upgrade.__main__  # noqa: F401  (importing it must not run the CLI)

    text = (ROOT / "pyproject.toml").read_text()
    assert 'sqla-upgrade = "sqla_upgrade.guard:main"' in text
    assert "guard import main" in (ROOT / "sqla_upgrade" / "__main__.py").read_text()


# -- what a write keeps or refuses --------------------------------------------------------------------------


def test_setuid_and_setgid_bits_survive_a_rewrite(tmp_path):
    f = write(tmp_path / "q.py")
    os.chmod(f, 0o6755)
    proc = sqla_upgrade("run", "q.py", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert f.read_text() == LEGACY_OUT
    assert stat.S_IMODE(f.stat().st_mode) == 0o6755


def test_extended_attributes_survive_a_rewrite(tmp_path):
    f = write(tmp_path / "q.py")
    try:
        os.setxattr(f, "user.sqla_upgrade_test", b"kept")
    except (OSError, AttributeError):
        pytest.skip("no user extended attributes on this file system")
    proc = sqla_upgrade("run", "q.py", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert f.read_text() == LEGACY_OUT
    assert os.getxattr(f, "user.sqla_upgrade_test") == b"kept"


def test_a_hard_linked_file_is_reported_not_split(tmp_path):
    f = write(tmp_path / "q.py")
    os.link(f, tmp_path / "other_name.txt")
    good = write(tmp_path / "r.py")
    proc = sqla_upgrade("run", "q.py", "r.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert errors_of(proc) == ["q.py: error: file has 2 hard links; not written (replacing it would split them)"]
    assert f.read_text() == LEGACY and os.stat(f).st_nlink == 2
    assert good.read_text() == LEGACY_OUT


def test_leftover_temporary_files_are_removed_and_reported(tmp_path):
    pid_max = int(Path("/proc/sys/kernel/pid_max").read_text()) if Path("/proc/sys/kernel/pid_max").exists() else 2**22
    write(tmp_path / "q.py")
    dead = tmp_path / f".q.py.{pid_max + 1}.abcd_123.sqla-upgrade"  # no process can have this id
    old_style = tmp_path / ".q.py.x1y2z3w4.sqla-upgrade"
    live = tmp_path / f".q.py.{os.getpid()}.abcd_123.sqla-upgrade"  # a run still going on
    for p in (dead, old_style, live):
        p.write_text("partial")
    proc = sqla_upgrade("run", ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    notes = [line for line in proc.stderr.decode().splitlines() if ": note: " in line]
    assert notes == sorted(
        f"{p.name}: note: removed a temporary file left by an interrupted run" for p in (dead, old_style)
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["q.py", live.name])
    # a dry run removes nothing
    dead.write_text("partial")
    dry = sqla_upgrade("run", "--dry-run", ".", cwd=tmp_path)
    assert dead.exists() and b": note: " not in dry.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_workers_die_with_the_main_process_and_write_nothing_after(tmp_path):
    # Workers made slow (0.3 s a file) and each file's pid recorded; the main process is killed mid-run.
    files = [write(tmp_path / "src" / f"m{i:03}.py") for i in range(64)]
    pids = tmp_path / "pids"
    pids.mkdir()
    script = (
        "import os, sys, time\n"
        "import sqla_upgrade.runner as r\n"
        "real = r.rewrite_bytes\n"
        "def slow(*a):\n"
        f"    open(os.path.join({str(pids)!r}, str(os.getpid())), 'w').close()\n"
        "    time.sleep(0.3)\n"
        "    return real(*a)\n"
        "r.rewrite_bytes = slow\n"
        "from sqla_upgrade.guard import main\n"
        "sys.argv = ['sqla-upgrade', 'run', '--jobs', '2', 'src']\n"
        "main()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while len([p for p in pids.iterdir() if int(p.name) != proc.pid]) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    workers = [int(p.name) for p in pids.iterdir() if int(p.name) != proc.pid]
    assert len(workers) == 2
    time.sleep(1.0)
    after_kill = [f.read_bytes() for f in files]
    for pid in workers:
        assert not _running(pid), f"worker {pid} outlived the main process"
    time.sleep(1.0)
    assert [f.read_bytes() for f in files] == after_kill, "a file was written after the main process died"
    assert sum(f.read_text() == LEGACY for f in files) > 32, "the run was meant to be killed early"


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie is dead; its reaper may just not have waited yet


def test_a_worker_that_dies_stops_the_run_with_one_line_and_status_2(tmp_path):
    # Whatever native crash is left (the nesting checks cover the known ones) costs at worst the run,
    # never a traceback with status 1 ("files changed").
    for i in range(40):
        write(tmp_path / f"m{i:02}.py", LEGACY + ("# poison\n" if i == 7 else ""))
    script = (
        "import os, sys\n"
        "import sqla_upgrade.runner as r\n"
        "real = r.rewrite_bytes\n"
        "def crash(path, data, *a):\n"
        "    if b'poison' in data: os.abort()\n"
        "    return real(path, data, *a)\n"
        "r.rewrite_bytes = crash\n"
        "from sqla_upgrade.guard import main\n"
        "sys.argv = ['sqla-upgrade', 'run', '--jobs', '2', '.']\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=120,
    )
    assert_no_traceback(proc)
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("sqla-upgrade: error: internal error, run stopped: BrokenProcessPool: ")
    assert proc.stderr.decode().count("\n") == 1


def test_deep_calls_nest_without_deadlock():
    from sqla_upgrade.guard import call_deep

    assert call_deep(lambda: call_deep(lambda: 42)) == 42
