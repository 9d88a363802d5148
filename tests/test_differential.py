"""Differential tests: a legacy program must print the same before migration (old SQLAlchemy) and after (2.0, 2.1).

Each program in tests/differential/programs/ uses constructs that SQLAlchemy 2.0 rejects or silently changes.
Each run happens in a folder of its own, so a program may keep its data in a SQLite file there
(``sqlite:///app.db``) and, at its end, print what a second connection sees: a commit lost by the migration
then shows as a difference. For each program:

1. the original runs on SQLAlchemy 1.4.54 (``*_sqla12.py``: 1.2.19, for constructs 1.3 already rejected)
   and prints A;
2. a copy is migrated by the real command line (``*_unsafe.py`` with ``--unsafe-fixes``), which must report
   a change and exactly the findings the program's header names;
3. the migrated copy runs on SQLAlchemy 2.0 (this interpreter), on 2.1 and on 1.4, and must print A each time
   (most rewrites are 1.4-compatible; a header says which are not);
4. the original must fail on 2.0, or for a silent change print something other than A, which proves that the
   comparison can fail.

A program says what is special about it in comment lines at its top:

* ``# differential: silent``: the legacy construct does not raise on 2.0 but changes what the program does;
* ``# differential: finding <text>``: the run reports one finding containing <text> (one line per finding);
* ``# differential: not-2.1 <reason>``: the migrated program is not run on 2.1 (a construct 2.1 removed that
  the tool's 2.0 target keeps, named in <reason>);
* ``# differential: not-1.4 <reason>``: the migrated program is not run on 1.4 (its output is 2.0-only, e.g.
  ``conn.commit()``, which a 1.4 legacy Connection lacks);
* ``# differential: before-2.0 <reason>``: the original is 2.0 code (``MappedAsDataclass``) whose deprecation
  2.1 turns into an error: it runs "before" on 2.0 given ``-W default``, and the program makes the
  deprecation warning an error unless ``"default" in sys.warnoptions``, so that the runs of the original and
  of the migrated program on 2.0 show the warning gone.
"""

from __future__ import annotations

import difflib
import functools
import re
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

_DIRECTIVE = re.compile(r"^# differential: ([a-z0-9.-]+)(?: (.*))?$")


def _directives(program: Path) -> List[Tuple[str, str]]:
    """The ``# differential: <what> <text>`` lines at the top of ``program``, before its first other line."""
    found: List[Tuple[str, str]] = []
    for line in program.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _DIRECTIVE.match(line)
        if match:
            assert match.group(1) in {"silent", "finding", "not-2.1", "not-1.4", "before-2.0"}, (
                f"{program.name}: unknown directive {line!r}"
            )
            found.append((match.group(1), (match.group(2) or "").strip()))
    return found


def _is_silent(program: Path) -> bool:
    return any(what == "silent" for what, _ in _directives(program))


def _expected_findings(program: Path) -> List[str]:
    return [text for what, text in _directives(program) if what == "finding"]


def _runs_on(program: Path, version: str) -> bool:
    return not any(what == f"not-{version}" for what, _ in _directives(program))


@pytest.fixture(scope="session")
def sqla12_python() -> str:
    """A Python with SQLAlchemy 1.2.19, for programs using what 1.3 already rejected (``*_sqla12.py``)."""
    return old_sqlalchemy_python("1.2.19", "SQLA_UPGRADE_PY12", ROOT / ".cache" / "sqla12")


def _run(python: str, script: Path, flags: Tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """Run ``script`` in its folder, which the caller made for this run alone."""
    return subprocess.run(
        [python, *flags, script.name],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=clean_env(),
    )


def _run_copy(python: str, program: Path, folder: Path, flags: Tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """Run a copy of ``program`` in ``folder``, a new empty folder: what it writes stays there."""
    folder.mkdir(parents=True)
    copy = folder / program.name
    shutil.copyfile(program, copy)
    return _run(python, copy, flags)


@functools.lru_cache(maxsize=None)
def _before(python: str, program: Path, folder: Path, flags: Tuple[str, ...] = ()) -> str:
    proc = _run_copy(python, program, folder, flags)
    assert proc.returncode == 0, (
        f"{program.name} fails before migration on {python}:\n{proc.stdout}\n{proc.stderr}"
    )
    assert proc.stdout.strip(), f"{program.name} prints nothing before migration"
    return proc.stdout


def _before_2_0(program: Path) -> bool:
    return any(what == "before-2.0" for what, _ in _directives(program))


def _before_python(program: Path, request) -> str:
    if _before_2_0(program):
        return sys.executable
    if program.stem.endswith("_sqla12"):
        return request.getfixturevalue("sqla12_python")
    return request.getfixturevalue("sqla14_python")


def _original_output(program: Path, request) -> str:
    """What the original prints on its old SQLAlchemy, run once per session in a folder of its own."""
    base = request.getfixturevalue("tmp_path_factory").getbasetemp() / "differential-before"
    flags = ("-W", "default") if _before_2_0(program) else ()
    return _before(_before_python(program, request), program, base / program.stem, flags)


def _migrate(program: Path, folder: Path) -> Tuple[Path, str]:
    """Migrate a copy of ``program`` in ``folder`` with the command line; the copy and the diff."""
    folder.mkdir(parents=True, exist_ok=True)
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
    expected = _expected_findings(program)
    assert len(findings) == len(expected), context
    for line, part in zip(findings, expected):
        assert part in line, context
    return copy, diff


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_migrated_program_prints_the_same(program: Path, tmp_path: Path, request, sqla14_python: str) -> None:
    before = _original_output(program, request)
    migrated, diff = _migrate(program, tmp_path / "migrated")
    pythons = [("2.0", sys.executable)]
    if _runs_on(program, "2.1"):
        pythons.append(("2.1", request.getfixturevalue("sqla21_python")))
    if _runs_on(program, "1.4"):
        pythons.append(("1.4", sqla14_python))
    for version, python in pythons:
        after = _run_copy(python, migrated, tmp_path / f"on-{version}")
        assert after.returncode == 0, (
            f"migrated program fails on SQLAlchemy {version}:\n{after.stderr}\ndiff:\n{diff}"
        )
        assert after.stdout == before, f"migrated program prints differently on SQLAlchemy {version}\ndiff:\n{diff}"


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_original_program_breaks_on_2_0(program: Path, request, tmp_path: Path) -> None:
    before = _original_output(program, request)
    proc = _run_copy(sys.executable, program, tmp_path / "original-on-2.0")
    if _is_silent(program):
        assert proc.returncode != 0 or proc.stdout != before, proc.stdout
    else:
        assert proc.returncode != 0, f"{program.name} runs unmigrated on SQLAlchemy 2.0:\n{proc.stdout}"


def test_programs_exist() -> None:
    assert len(PROGRAMS) >= 18
    for program in PROGRAMS:
        _directives(program)  # an unknown directive fails here


def test_runs_on_sqlalchemy_2() -> None:
    import sqlalchemy

    assert sqlalchemy.__version__.startswith("2.0."), sqlalchemy.__version__
