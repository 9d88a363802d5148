"""Look-alike code that every codemod, with unsafe fixes on, must leave byte-identical and unreported."""

from __future__ import annotations

import pytest

from tests.migrate import assert_noop, fixture_files


@pytest.mark.parametrize("fixture", fixture_files("noop"), ids=lambda p: p.stem)
def test_noop_fixture(fixture):
    assert_noop(fixture.read_text(encoding="utf-8"))


@pytest.mark.parametrize("target", ["2.0", "2.1"])
def test_noop_fixtures_at_every_target(target):
    from tests.migrate import migrate

    for fixture in fixture_files("noop"):
        source = fixture.read_text(encoding="utf-8")
        result = migrate(source, unsafe=True, target=target)
        assert (result.output, result.findings, result.error) == (source, [], None), fixture.name
