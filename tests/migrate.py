"""Helpers shared by the test modules: run codemods on a string or a fixture, check the invariants."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

import libcst as cst

from sqla_upgrade.cli import enabled_codemods
from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.pipeline import process_bytes

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SNAPSHOTS = ROOT / "snapshots"


@dataclass
class Migrated:
    output: str
    findings: List[str]
    error: Optional[str]


def migrate(
    source: str,
    select: Optional[Sequence[str]] = None,
    *,
    unsafe: bool = False,
    target: str = "2.0",
    path: str = "example.py",
    alembic_batch: str = "auto",
    allow_unmapped_on: str = "class",
) -> Migrated:
    """Run the pipeline (the codemods ``select``ed, or all) on ``source``; check output parses and is stable."""
    options = RunOptions(
        unsafe_fixes=unsafe,
        target=target,
        select=tuple(select) if select is not None else None,
        alembic_batch=alembic_batch,
        allow_unmapped_on=allow_unmapped_on,
    )
    codemods = enabled_codemods(options)
    data = source.encode("utf-8")
    outcome = process_bytes(path, data, codemods, options)
    output = (outcome.new_data or data).decode("utf-8")
    if outcome.error is None:
        cst.parse_module(output)  # output always parses
        again = process_bytes(path, output.encode("utf-8"), codemods, options)
        assert again.error is None, again.error
        assert again.new_data is None, "second run changed the output (not idempotent):\n" + (
            again.new_data.decode("utf-8")
        )
    return Migrated(output, [f.format() for f in outcome.findings], outcome.error)


def fixture_files(folder: str) -> List[Path]:
    return sorted((FIXTURES / folder).glob("*.py"))


def check_fixture(
    fixture: Path,
    snapshot,
    codemod_id: str,
    *,
    path: Optional[str] = None,
    alembic_batch: str = "auto",
    target: str = "2.0",
    allow_unmapped_on: str = "class",
) -> Migrated:
    """Snapshot-test one fixture: expected output and findings live in snapshots/<folder>/.

    A fixture whose name ends in ``_unsafe.py`` runs with --unsafe-fixes. ``path`` is the path the
    codemods see (default ``<folder>/<name>``), for codemods that look at where a file lives.
    """
    result = migrate(
        fixture.read_text(encoding="utf-8"),
        [codemod_id],
        unsafe=fixture.stem.endswith("_unsafe"),
        path=path if path is not None else f"{fixture.parent.name}/{fixture.name}",
        alembic_batch=alembic_batch,
        target=target,
        allow_unmapped_on=allow_unmapped_on,
    )
    assert result.error is None, result.error
    snapshot.snapshot_dir = SNAPSHOTS / fixture.parent.name
    snapshot.assert_match(result.output, fixture.name)
    snapshot.assert_match("".join(f + "\n" for f in result.findings), fixture.stem + ".findings.txt")
    return result


def assert_noop(source: str, select: Optional[Sequence[str]] = None, *, unsafe: bool = True) -> None:
    """``source`` must come back byte-identical with no findings (unsafe fixes on: the strictest check)."""
    result = migrate(source, select, unsafe=unsafe)
    assert result.error is None, result.error
    assert result.output == source
    assert result.findings == []
