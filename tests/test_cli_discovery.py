"""Which files a run touches: .gitignore, excludes on explicit paths (--force-exclude), excludes relative to
the pyproject.toml that declares them, and the configuration found per path."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli_helpers import LEGACY, LEGACY_OUT, cli, write


def _git_init(path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(path)], check=True)


@pytest.mark.parametrize("in_git", [pytest.param(True, id="inside a git work tree"), pytest.param(False, id="no git")])
def test_gitignored_folders_and_files_are_not_rewritten(tmp_path, in_git):
    if in_git:
        _git_init(tmp_path)
    (tmp_path / ".gitignore").write_text("generated/\n/out\n*_pb2.py\n!keep_pb2.py\n")
    ignored = [write(tmp_path / "generated" / "q.py"), write(tmp_path / "out" / "q.py"), write(tmp_path / "x_pb2.py")]
    # a venv without pyvenv.cfg (made by hand, or by a tool that does not write one), ignored by name
    (tmp_path / "src" / ".gitignore").parent.mkdir()
    (tmp_path / "src" / ".gitignore").write_text("myenv/\n")
    ignored.append(write(tmp_path / "src" / "myenv" / "lib" / "q.py"))
    kept = [write(tmp_path / "src" / "out" / "q.py"), write(tmp_path / "keep_pb2.py"), write(tmp_path / "app.py")]
    result = cli("run", ".", cwd=tmp_path)
    assert result.code == 1, result.err
    assert [p.read_text() for p in ignored] == [LEGACY] * len(ignored)
    assert [p.read_text() for p in kept] == [LEGACY_OUT] * len(kept)  # `/out` is anchored to the root


def test_gitignore_of_the_work_tree_applies_to_a_subfolder_run(tmp_path):
    _git_init(tmp_path)
    (tmp_path / ".gitignore").write_text("generated/\n")
    ignored = write(tmp_path / "pkg" / "generated" / "q.py")
    kept = write(tmp_path / "pkg" / "q.py")
    assert cli("run", "pkg", cwd=tmp_path).code == 1
    assert ignored.read_text() == LEGACY and kept.read_text() == LEGACY_OUT


def test_no_respect_gitignore(tmp_path):
    _git_init(tmp_path)
    (tmp_path / ".gitignore").write_text("generated/\n")
    target = write(tmp_path / "generated" / "q.py")
    cli("run", "--no-respect-gitignore", ".", cwd=tmp_path)
    assert target.read_text() == LEGACY_OUT


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param("pkg/sub", id="plain"),
        pytest.param("./pkg/sub", id="leading ./"),
        pytest.param("pkg/sub/", id="trailing slash"),
        pytest.param("pkg/*/", id="glob with trailing slash"),
    ],
)
def test_exclude_patterns_are_relative_to_the_declaring_pyproject(tmp_path, pattern):
    (tmp_path / "pyproject.toml").write_text(f'[tool.sqla-upgrade]\nexclude = ["{pattern}"]\n')
    excluded = write(tmp_path / "pkg" / "sub" / "q.py")
    kept = write(tmp_path / "pkg" / "q.py")
    # run from a subfolder, naming the folder relatively: the patterns still mean <project>/pkg/sub
    result = cli("run", "../../pkg", cwd=write(tmp_path / "pkg" / "other" / "x.txt", "").parent)
    assert result.code == 1, result.err
    assert excluded.read_text() == LEGACY
    assert kept.read_text() == LEGACY_OUT


def test_configuration_is_found_from_each_path_not_the_working_directory(tmp_path):
    for name, ignore in (("one", "apply-labels"), ("two", "select-legacy")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pyproject.toml").write_text(
            f'[tool.sqla-upgrade]\nignore = ["{ignore}"]\nexclude = ["vendor"]\n'
        )
        write(tmp_path / name / "vendor" / "q.py")
        write(tmp_path / name / "q.py")
    result = cli("run", "one", "two", cwd=tmp_path)
    assert result.code == 1, result.err
    one, two = (tmp_path / "one" / "q.py").read_text(), (tmp_path / "two" / "q.py").read_text()
    assert "apply_labels()" in one and "select(users.c.id)" in one
    assert "set_label_style" in two and "select([users.c.id])" in two
    assert (tmp_path / "one" / "vendor" / "q.py").read_text() == LEGACY
    assert (tmp_path / "two" / "vendor" / "q.py").read_text() == LEGACY


def test_a_pyproject_without_the_section_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.sqla-upgrade]\nignore = ["apply-labels"]\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "pyproject.toml").write_text('[project]\nname = "pkg"\n')
    target = write(tmp_path / "pkg" / "q.py")
    cli("run", "pkg", cwd=tmp_path)
    assert "apply_labels()" in target.read_text()


def test_explicit_files_are_processed_unless_force_exclude(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.sqla-upgrade]\nexclude = ["legacy"]\n')
    _git_init(tmp_path)
    (tmp_path / ".gitignore").write_text("generated/\n")
    files = [write(tmp_path / "legacy" / "q.py"), write(tmp_path / "generated" / "q.py"), write(tmp_path / "build" / "q.py")]
    args = [str(p.relative_to(tmp_path)) for p in files]
    forced = cli("run", "--force-exclude", *args, cwd=tmp_path)
    assert forced.code == 0, forced.err
    assert "0 files scanned" in forced.err
    assert [p.read_text() for p in files] == [LEGACY] * 3
    plain = cli("run", *args, cwd=tmp_path)
    assert plain.code == 1
    assert [p.read_text() for p in files] == [LEGACY_OUT] * 3


def test_force_exclude_from_the_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.sqla-upgrade]\nexclude = ["legacy"]\nforce-exclude = true\n')
    target = write(tmp_path / "legacy" / "q.py")
    assert cli("run", "legacy/q.py", cwd=tmp_path).code == 0
    assert target.read_text() == LEGACY
    assert cli("run", "--no-force-exclude", "legacy/q.py", cwd=tmp_path).code == 1


def test_default_excludes_do_not_apply_above_the_folder_searched(tmp_path):
    # a checkout that lives in a folder named like a default exclude is still searched
    project = tmp_path / "build" / "project"
    target = write(project / "q.py")
    assert cli("run", ".", cwd=project).code == 1
    assert target.read_text() == LEGACY_OUT


def test_venv_folder_is_a_default_exclude(tmp_path):
    ignored = write(tmp_path / "venv" / "q.py")
    cli("run", ".", cwd=tmp_path)
    assert ignored.read_text() == LEGACY


def test_a_gitignored_folder_named_on_the_command_line_is_searched(tmp_path):
    _git_init(tmp_path)
    (tmp_path / ".gitignore").write_text("generated/\n")
    (tmp_path / "generated" / ".gitignore").parent.mkdir()
    (tmp_path / "generated" / ".gitignore").write_text("skip_me.py\n")
    named = write(tmp_path / "generated" / "q.py")
    still_ignored = write(tmp_path / "generated" / "skip_me.py")
    assert cli("run", "generated", cwd=tmp_path).code == 1
    assert named.read_text() == LEGACY_OUT
    assert still_ignored.read_text() == LEGACY  # the folder's own .gitignore still counts
    write(tmp_path / "generated" / "q.py")
    assert cli("run", "--force-exclude", "generated", cwd=tmp_path).code == 0
    assert (tmp_path / "generated" / "q.py").read_text() == LEGACY
