"""query-strings: snapshot fixtures (models and queries in one module), no-op look-alikes, unit cases, and
multi-module packages run through the real project run (models in one module, queries in another, a
relationship target in a third)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.codemods import BY_ID
from sqla_upgrade.files import Target
from sqla_upgrade.runner import Job, run_project
from tests.migrate import FIXTURES, ROOT, assert_noop, check_fixture, fixture_files, migrate

ID = "query-strings"


@pytest.mark.parametrize("fixture", fixture_files("query_strings"), ids=lambda p: p.stem)
def test_query_strings_fix(fixture, snapshot, monkeypatch):
    # a real path: the module's own classes are in the index under its module name
    monkeypatch.chdir(ROOT)
    check_fixture(fixture, snapshot, ID, path=str(fixture.relative_to(ROOT)))
