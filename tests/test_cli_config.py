"""Configuration values are checked, and the command line layers over them as in ruff."""

from __future__ import annotations

import pytest

from tests.cli_helpers import FINDING_ONLY, LEGACY, cli, write

BOTH = "from sqlalchemy import select\n\nstmt = select(users).apply_labels()\nx = q.as_scalar()\n"


@pytest.mark.parametrize(
    "toml, message",
    [
        pytest.param('unsafe-fixes = "false"', "unsafe-fixes must be true or false, not 'false'", id="string for a boolean"),
        pytest.param('ignore = "as-scalar"', "ignore must be a list of codemod ids", id="string for a list"),
        pytest.param("exclude = [1]", "exclude must be a list of glob patterns", id="list of numbers"),
        pytest.param("target = 2.0", "target must be \"2.0\" or \"2.1\", not 2.0", id="number for the target"),
        pytest.param('target = "3.0"', 'target must be "2.0" or "2.1"', id="unknown target"),
        pytest.param('slect = ["x"]', "unknown key(s) in [tool.sqla-upgrade]: slect", id="unknown key"),
        pytest.param('ignore = ["nope"]', "ignore: unknown codemod id(s): nope", id="unknown codemod id"),
        pytest.param("select = [", "cannot read", id="invalid TOML"),
    ],
)
def test_bad_configuration_is_one_clear_usage_error(tmp_path, toml, message):
    (tmp_path / "pyproject.toml").write_text(f"[tool.sqla-upgrade]\n{toml}\n")
    write(tmp_path / "q.py")
    result = cli("run", ".", cwd=tmp_path)
    assert result.code == 2
    assert message in result.err, result.err
    assert str(tmp_path / "pyproject.toml") in result.err
    assert (tmp_path / "q.py").read_text() == LEGACY


def test_bad_configuration_of_a_nested_project_is_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[tool.sqla-upgrade]\nunsafe-fixes = 1\n")
    write(tmp_path / "sub" / "q.py")
    result = cli("run", ".", cwd=tmp_path)
    assert result.code == 2 and "unsafe-fixes must be true or false" in result.err


@pytest.mark.parametrize(
    "config, args, rewritten",
    [
        pytest.param('ignore = ["apply-labels"]', ["--ignore", "as-scalar"], set(), id="--ignore extends the configured ignore"),
        pytest.param('ignore = ["apply-labels"]', ["--extend-select", "apply-labels"], {"apply-labels", "as-scalar"}, id="--extend-select brings one back"),
        pytest.param('select = ["as-scalar"]', ["--extend-select", "apply-labels"], {"apply-labels", "as-scalar"}, id="--extend-select adds to the configured select"),
        pytest.param('select = ["as-scalar"]', ["--select", "apply-labels"], {"apply-labels"}, id="--select starts over"),
        pytest.param("", ["--extend-ignore", "as-scalar"], {"apply-labels"}, id="--extend-ignore"),
        pytest.param('extend-ignore = ["as-scalar"]', [], {"apply-labels"}, id="extend-ignore in the configuration"),
    ],
)
def test_selection_layers(tmp_path, config, args, rewritten):
    (tmp_path / "pyproject.toml").write_text(f"[tool.sqla-upgrade]\nunsafe-fixes = true\n{config}\n")
    write(tmp_path / "q.py", BOTH)
    result = cli("run", "--dry-run", *args, "q.py", cwd=tmp_path)
    assert ("set_label_style" in result.out) == ("apply-labels" in rewritten), result.out
    assert ("scalar_subquery" in result.out) == ("as-scalar" in rewritten), result.out


def test_no_unsafe_fixes_overrides_the_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.sqla-upgrade]\nunsafe-fixes = true\n")
    write(tmp_path / "f.py", FINDING_ONLY)
    assert "scalar_subquery" in cli("run", "--dry-run", "f.py", cwd=tmp_path).out
    refused = cli("run", "--dry-run", "--no-unsafe-fixes", "f.py", cwd=tmp_path)
    assert refused.out == "" and "[fix available with --unsafe-fixes]" in refused.err


@pytest.mark.parametrize("option", ["--extend-select", "--extend-ignore"])
def test_unknown_ids_in_extend_options(tmp_path, option):
    assert cli("run", option, "nope", ".", cwd=tmp_path).code == 2
