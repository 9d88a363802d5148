"""Every registered codemod keeps the contract the CLI, the docs and the engine rely on."""

from __future__ import annotations

import pytest

from sqla_upgrade.codemod import TARGETS, Safety, SqlaCodemod
from sqla_upgrade.codemods import BY_ID, CODEMODS
from tests.migrate import ROOT, migrate


def _module_name(codemod: type) -> str:
    return codemod.__module__.rsplit(".", 1)[-1]


def test_registry_lists_each_codemod_once():
    assert len(BY_ID) == len(CODEMODS)


def test_every_codemod_module_is_registered():
    modules = {p.stem for p in (ROOT / "codemods").glob("*.py") if p.stem != "__init__"}
    assert modules == {_module_name(c) for c in CODEMODS}


@pytest.mark.parametrize("codemod", CODEMODS, ids=lambda c: c.ID)
def test_declarations(codemod: type[SqlaCodemod]):
    assert codemod.ID == _module_name(codemod).replace("_", "-")
    assert codemod.SUMMARY and "\n" not in codemod.SUMMARY
    assert isinstance(codemod.SAFETY, Safety)
    assert codemod.MIN_TARGET in TARGETS
    assert codemod.TRIGGERS and all(isinstance(t, bytes) and t for t in codemod.TRIGGERS)
    assert codemod.EXAMPLES, "explain needs at least one before/after example"
    assert (codemod.__doc__ or __import__(codemod.__module__).__doc__) is not None
    module = __import__(codemod.__module__, fromlist=["_"])
    assert module.__doc__ and module.__doc__.strip(), "the module docstring is what `explain` prints"
    assert (ROOT / "tests" / "codemods" / f"test_{_module_name(codemod)}.py").is_file(), "tests mirror codemods"


@pytest.mark.parametrize(
    "codemod, example",
    [pytest.param(c, ex, id=f"{c.ID}-{i}") for c in CODEMODS for i, ex in enumerate(c.EXAMPLES, 1)],
)
def test_examples_are_real_outputs(codemod, example):
    result = migrate(example.before, [codemod.ID], unsafe=example.unsafe, target=codemod.MIN_TARGET)
    assert result.error is None
    assert result.output == example.after
    if example.unsafe:
        # Without --unsafe-fixes the same input is left alone and reported as fixable.
        safe_run = migrate(example.before, [codemod.ID], target=codemod.MIN_TARGET)
        assert safe_run.output == example.before
        assert any("[fix available with --unsafe-fixes]" in f for f in safe_run.findings)
