"""The built package: the console script and `python -m sqla_upgrade` run from a real (non-editable) install,
and the wheel adds no generic top-level `codemods` module to a user's environment."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.migrate import ROOT


def test_installed_console_script_and_module(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (target / "sqla_upgrade" / "codemods" / "__init__.py").is_file()
    assert not (target / "codemods").exists(), "the wheel must not ship a top-level `codemods` package"

    work = tmp_path / "work"
    work.mkdir()
    (work / "q.py").write_text("from sqlalchemy import select\n\nx = select(users).apply_labels()\n")
    env = dict(os.environ, PYTHONPATH=str(target))
    script = target / "bin" / "sqla-upgrade"
    for argv in ([str(script)], [sys.executable, "-m", "sqla_upgrade"]):
        listed = subprocess.run([*argv, "list"], cwd=work, env=env, capture_output=True, timeout=60)
        assert listed.returncode == 0, listed.stderr
        assert b"apply-labels" in listed.stdout
        dry = subprocess.run([*argv, "run", "--dry-run", "q.py"], cwd=work, env=env, capture_output=True, timeout=60)
        assert dry.returncode == 1, dry.stderr
        assert b"+x = select(users).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)" in dry.stdout
    # the import really came from the installed copy, not from the source tree
    where = subprocess.run(
        [sys.executable, "-c", "import sqla_upgrade.codemods as c; print(c.__file__)"],
        cwd=work, env=env, capture_output=True, text=True, timeout=60,
    )
    assert where.stdout.strip().startswith(str(target)), where


def test_tool_source_is_python_39_syntax():
    """The tool supports Python 3.9+: its own source must parse with 3.9's grammar."""
    import ast

    files = sorted((ROOT / "sqla_upgrade").glob("*.py")) + sorted((ROOT / "codemods").glob("*.py"))
    assert files
    for path in files:
        ast.parse(path.read_text(encoding="utf-8"), filename=str(path), feature_version=(3, 9))
