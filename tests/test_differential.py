"""Differential tests: a legacy program must print the same before migration (old SQLAlchemy) and after (2.0).

Each program in tests/differential/programs/ uses constructs that SQLAlchemy 2.0 rejects or silently changes,
against in-memory SQLite. For each one:

1. the original runs on SQLAlchemy 1.4.54 (``*_sqla12.py``: 1.2.19, for constructs 1.3 already rejected)
   and prints A;
2. a copy is migrated by the real command line (``*_unsafe.py`` with ``--unsafe-fixes``), which must report
   a change and no findings (unless EXPECTED_FINDINGS says otherwise);
3. the migrated copy runs on SQLAlchemy 2.0 (this interpreter) and must print A; it must print A on 1.4 too,
   since every rewrite involved is 1.4-compatible;
4. the original must fail on 2.0, or for a silent change (SILENT) print something other than A, which proves
   that the comparison can fail.
"""

from __future__ import annotations

import difflib
import functools
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from tests.differential import ROOT, clean_env, old_sqlalchemy_python

PROGRAMS_DIR = ROOT / "tests" / "differential" / "programs"
PROGRAMS = sorted(PROGRAMS_DIR.glob("*.py"))
TIMEOUT = 120

# Programs whose legacy construct does not raise on 2.0 but changes what it does.
SILENT = {"join_alias_silent", "join_alias_outerjoin"}

# Findings the tool is expected to print for a program (substrings, one per finding); none by default.
EXPECTED_FINDINGS: Dict[str, List[str]] = {}


@pytest.fixture(scope="session")
def sqla12_python() -> str:
    """A Python with SQLAlchemy 1.2.19, for programs using what 1.3 already rejected (``*_sqla12.py``)."""
    return old_sqlalchemy_python("1.2.19", "SQLA_UPGRADE_PY12", ROOT / ".cache" / "sqla12")


def _run(python: str, script: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, script.name],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=clean_env(),
    )


@functools.lru_cache(maxsize=None)
def _before(python: str, program: Path) -> str:
    proc = _run(python, program)
    assert proc.returncode == 0, (
        f"{program.name} fails before migration on {python}:\n{proc.stdout}\n{proc.stderr}"
    )
    assert proc.stdout.strip(), f"{program.name} prints nothing before migration"
    return proc.stdout


def _before_python(program: Path, request) -> str:
    if program.stem.endswith("_sqla12"):
        return request.getfixturevalue("sqla12_python")
    return request.getfixturevalue("sqla14_python")


def _migrate(program: Path, folder: Path) -> Tuple[Path, str]:
    """Migrate a copy of ``program`` in ``folder`` with the command line; the copy and the diff."""
    copy = folder / program.name
    shutil.copyfile(program, copy)
    # concise: one line per finding, counted below
    args = [sys.executable, "-m", "sqla_upgrade", "run", "--output-format", "concise", copy.name]
    if program.stem.endswith("_unsafe"):
        args.append("--unsafe-fixes")
    env = clean_env()
    env["PYTHONPATH"] = str(ROOT)
    # Run in the copy's folder: no pyproject.toml of the repository configures the run.
    proc = subprocess.run(args, cwd=folder, capture_output=True, text=True, timeout=TIMEOUT, env=env)
    original = program.read_text(encoding="utf-8")
    migrated = copy.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            original.splitlines(True), migrated.splitlines(True), "before/" + program.name, "after/" + program.name
        )
    )
    lines = proc.stderr.splitlines()
    summary = [line for line in lines if line.startswith("sqla-upgrade: ")]
    findings = [line for line in lines if not line.startswith(("sqla-upgrade: ", "rewrote "))]
    context = f"exit {proc.returncode}\nstderr:\n{proc.stderr}\ndiff:\n{diff}"
    assert proc.returncode == 1, context
    assert migrated != original, context
    assert summary and " 1 changed, " in summary[-1] and " 0 errors " in summary[-1], context
    expected = EXPECTED_FINDINGS.get(program.stem, [])
    assert len(findings) == len(expected), context
    for line, part in zip(findings, expected):
        assert part in line, context
    return copy, diff


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_migrated_program_prints_the_same(program: Path, tmp_path: Path, request, sqla14_python: str) -> None:
    before = _before(_before_python(program, request), program)
    migrated, diff = _migrate(program, tmp_path)

    after = _run(sys.executable, migrated)
    assert after.returncode == 0, f"migrated program fails on SQLAlchemy 2.0:\n{after.stderr}\ndiff:\n{diff}"
    assert after.stdout == before, f"migrated program prints differently on SQLAlchemy 2.0\ndiff:\n{diff}"

    on_14 = _run(sqla14_python, migrated)
    assert on_14.returncode == 0, f"migrated program fails on SQLAlchemy 1.4:\n{on_14.stderr}\ndiff:\n{diff}"
    assert on_14.stdout == before, f"migrated program prints differently on SQLAlchemy 1.4\ndiff:\n{diff}"


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_original_program_breaks_on_2_0(program: Path, request) -> None:
    before = _before(_before_python(program, request), program)
    proc = _run(sys.executable, program)
    if program.stem in SILENT:
        assert proc.returncode != 0 or proc.stdout != before, proc.stdout
    else:
        assert proc.returncode != 0, f"{program.name} runs unmigrated on SQLAlchemy 2.0:\n{proc.stdout}"


def test_programs_exist() -> None:
    assert len(PROGRAMS) >= 18
    assert SILENT <= {p.stem for p in PROGRAMS}
    assert set(EXPECTED_FINDINGS) <= {p.stem for p in PROGRAMS}


def test_runs_on_sqlalchemy_2() -> None:
    import sqlalchemy

    assert sqlalchemy.__version__.startswith("2.0."), sqlalchemy.__version__
