"""Detection before parsing selects extra files, never misses one: every fixture of every codemod, run
with detection (files without a site are not parsed, statements without one are not visited) and without
it (each triggered codemod gets the whole file), gives the same output and the same findings."""

from __future__ import annotations

import pytest

from sqla_upgrade.cli import enabled_codemods
from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.pipeline import process_bytes
from tests.migrate import FIXTURES

FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*.py") if "alembic_project" not in p.parts and "project" not in p.parts)


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_detection_never_misses_a_site(fixture):
    # unsafe fixes on: the most rewrites; a missed site would show as a difference either way
    options = RunOptions(unsafe_fixes=True)
    codemods = enabled_codemods(options)
    data = fixture.read_bytes()
    path = f"{fixture.parent.name}/{fixture.name}"
    detected = process_bytes(path, data, codemods, options)
    everything = process_bytes(path, data, codemods, options, detect=False)
    assert detected.error == everything.error
    assert detected.new_data == everything.new_data
    assert detected.findings == everything.findings
