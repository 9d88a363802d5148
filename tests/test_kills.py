"""SIGKILL of an in-place run at random moments: every file is then either its original or its complete
rewrite (never a mix, never a truncated file), and the next run removes any temporary file left behind."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.migrate import ROOT
from tests.test_cli import FINDING_ONLY, LEGACY

N_FILES = 300
TRIALS = [("1", 0), ("2", 1), ("2", 2), ("1", 3)]  # (--jobs, seed of the moment)


def _command(*args: str) -> list:
    return [sys.executable, "-m", "sqla_upgrade", "run", *args]


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The tree before migration, the tree after a complete run, and how long that run took."""
    base = tmp_path_factory.mktemp("kills")
    tree = base / "pristine"
    for i in range(N_FILES):
        # Half the files rewritten by a cheap codemod, in different sizes (writes land at different
        # moments), a few full legacy ones, the rest skipped by the pre-filter, as in real trees: the run
        # is short enough to be killed a handful of times.
        rows = "".join(f"row_{j} = ({j}, 'x' * {j})\n" for j in range(i % 9 * 4))
        if i % 16 == 0:
            text = LEGACY + rows
        elif i % 16 == 8:
            text = FINDING_ONLY
        elif i % 2:
            text = "stmt = q.with_only_columns([a, b])\n" + rows
        else:
            text = "import os\n\n" + rows
        path = tree / f"pkg{i % 6}" / f"m{i:03}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    done = base / "done"
    shutil.copytree(tree, done)
    started = time.monotonic()
    proc = subprocess.run(_command("--jobs", "2", "."), cwd=done, env=_env(), capture_output=True, timeout=300)
    seconds = time.monotonic() - started
    assert proc.returncode == 1, proc.stderr
    return tree, done, seconds


def _files(tree: Path) -> dict:
    return {p.relative_to(tree): p.read_bytes() for p in tree.rglob("*") if p.is_file()}


@pytest.mark.parametrize("jobs, seed", TRIALS, ids=[f"jobs {j}, moment {s}" for j, s in TRIALS])
def test_a_killed_run_leaves_originals_or_complete_rewrites(tmp_path, pristine, jobs, seed):
    tree, done, seconds = pristine
    before, after = _files(tree), _files(done)
    work = tmp_path / "work"
    shutil.copytree(tree, work)
    # From interpreter start-up (nothing written yet) to about the end of a complete run.
    moment = random.Random(seed).uniform(0.2, max(0.5, seconds * 0.9))
    proc = subprocess.Popen(
        _command("--jobs", jobs, "."), cwd=work, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(moment)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(0.2)  # workers die with the main process: give the kernel a moment to deliver that

    now = _files(work)
    temps = sorted(str(p) for p in now if p.name.endswith(".sqla-upgrade"))
    sources = {p: data for p, data in now.items() if not p.name.endswith(".sqla-upgrade")}
    assert sources.keys() == before.keys(), "a file was lost or added"
    rewritten = 0
    for rel, data in sources.items():
        assert data in (before[rel], after[rel]), f"{rel} is neither its original nor its rewrite"
        if data != before[rel]:
            rewritten += 1
            compile(data, str(rel), "exec", dont_inherit=True)

    # The next run finishes the job and removes what the killed one left.
    again = subprocess.run(_command("--jobs", jobs, "."), cwd=work, env=_env(), capture_output=True, timeout=300)
    assert again.returncode in (0, 1), again.stderr
    notes = [line for line in again.stderr.decode().splitlines() if ": note: removed a temporary file" in line]
    assert len(notes) == len(temps)
    assert _files(work) == after
    print(f"killed after {moment:.2f}s: {rewritten} of {len(before)} files rewritten, {len(temps)} temporary files")
