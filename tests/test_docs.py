"""The README keeps its promises: the two commands first, and a codemod table that matches the registry."""

from __future__ import annotations

from sqla_upgrade.docs import render
from tests.migrate import ROOT


def test_readme_codemod_table_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render(readme) == readme, "run `python -m sqla_upgrade.docs` and commit README.md"


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```bash\n")[1:3]]
    assert blocks[0].endswith("sqla-upgrade run --dry-run examples/")
    assert blocks[1].endswith(".venv/bin/python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest" in ci.split("# The README's test command:")[1]
