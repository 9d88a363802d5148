"""The hooks under real pre-commit: `sqla-upgrade` fixes the staged file and fails the commit, and the next
commit passes; `sqla-upgrade-check` fails without touching the file; the configured excludes hold for the
file names pre-commit passes. pre-commit builds the hook's environment with pip from the package index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import LEGACY, LEGACY_OUT
from tests.migrate import ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple:
    """This tree as it is on disk (committed or not), as a git repository pre-commit can clone."""
    pytest.importorskip("pre_commit")
    repo = tmp_path_factory.mktemp("hook-repo")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file() and not rel.startswith(("tests/", "snapshots/", "bench/")):
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    assert _git("init", "-q", cwd=repo).returncode == 0
    _git("add", "-A", cwd=repo)
    assert _git("commit", "-qm", "hooks", cwd=repo).returncode == 0
    rev = _git("rev-parse", "HEAD", cwd=repo).stdout.strip()
    return repo, rev


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    # One pre-commit store for the module: the hook's environment is built once (about ten seconds).
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")), PRE_COMMIT_COLOR="never")
    env.pop("PYTHONPATH", None)
    return env


def test_hook_fixes_the_file_fails_the_commit_and_the_next_one_passes(hook_repo, env, tmp_path):
    repo, rev = hook_repo
    project = tmp_path / "project"
    project.mkdir()
    _git("init", "-q", cwd=project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: sqla-upgrade\n"
    )
    (project / "pyproject.toml").write_text('[tool.sqla-upgrade]\nexclude = ["vendor"]\n')
    (project / "app.py").write_text(LEGACY)
    (project / "vendor").mkdir()
    (project / "vendor" / "old.py").write_text(LEGACY)
    installed = subprocess.run([*PRE_COMMIT, "install"], cwd=project, env=env, capture_output=True, text=True, timeout=60)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _git("add", "-A", cwd=project)

    first = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-m", "one"],
                           cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode != 0, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout + first.stderr
    assert (project / "app.py").read_text() == LEGACY_OUT
    assert (project / "vendor" / "old.py").read_text() == LEGACY, "exclude ignored for a file pre-commit named"
    out = first.stdout + first.stderr
    assert out.count("sqla-upgrade: ") == 1, out  # one run, one summary (require_serial)

    _git("add", "-A", cwd=project)
    second = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-m", "one"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert _git("log", "--oneline", cwd=project).stdout.count("\n") == 1


def test_try_repo_check_hook_fails_without_touching_the_file(hook_repo, env, tmp_path):
    repo, _ = hook_repo
    project = tmp_path / "project"
    project.mkdir()
    _git("init", "-q", cwd=project)
    (project / "app.py").write_text(LEGACY)
    (project / "stub.pyi").write_text("x: int\n")
    _git("add", "-A", cwd=project)
    proc = subprocess.run([*PRE_COMMIT, "try-repo", str(repo), "sqla-upgrade-check", "--all-files"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "+stmt = select(users.c.id).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)" in out
    assert "2 files scanned" in out  # the stub went through too (types_or: [python, pyi])
    assert (project / "app.py").read_text() == LEGACY
