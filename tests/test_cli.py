"""The command line as a user meets it: diffs, exit statuses, stdin, bad input, writes, jobs, config."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.migrate import ROOT

LEGACY = "from sqlalchemy import select\n\nstmt = select([users.c.id]).apply_labels()\n"
LEGACY_OUT = (
    "from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, select\n\n"
    "stmt = select(users.c.id).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)\n"
)
CLEAN = "from sqlalchemy import select\n\nstmt = select(users.c.id)\n"
# The receiver is a parameter: not proven a Select, so the rewrite is an unsafe fix.
FINDING_ONLY = "import sqlalchemy\n\ndef count(stmt):\n    return stmt.as_scalar()\n"


def sqla_upgrade(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "sqla_upgrade", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
    )


def write(path: Path, text: str = LEGACY, mode: str = "w") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode == "wb":
        path.write_bytes(text)  # type: ignore[arg-type]
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- exit statuses and the summary ---------------------------------------------------------------------


def test_exit_0_when_nothing_to_do(tmp_path):
    write(tmp_path / "ok.py", CLEAN)
    write(tmp_path / "plain.py", "print('no sqlalchemy here')\n")
    proc = sqla_upgrade("run", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = proc.stderr.decode().strip().splitlines()[-1]
    # plain.py has no trigger of any codemod; ok.py may or may not, depending on the codemods' triggers.
    assert re.match(
        r"sqla-upgrade: 2 files scanned, [12] skipped by the pre-filter, 0 changed, 0 findings, 0 errors in ",
        summary,
    ), summary


def test_exit_1_and_rewrite_in_place(tmp_path):
    target = write(tmp_path / "app" / "q.py")
    proc = sqla_upgrade("run", "app", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert target.read_text() == LEGACY_OUT
    assert "1 changed" in proc.stderr.decode()
    assert proc.stdout == b""


def test_exit_1_for_findings_alone(tmp_path):
    write(tmp_path / "f.py", FINDING_ONLY)
    proc = sqla_upgrade("run", "f.py", cwd=tmp_path)
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "f.py:4:12: as-scalar " in err
    assert "[fix available with --unsafe-fixes]" in err
    assert "1 findings (1 fixable with --unsafe-fixes)" in err
    assert (tmp_path / "f.py").read_text() == FINDING_ONLY


def test_unsafe_fixes_applies_the_fix(tmp_path):
    write(tmp_path / "f.py", FINDING_ONLY)
    proc = sqla_upgrade("run", "--unsafe-fixes", "f.py", cwd=tmp_path)
    assert proc.returncode == 1
    assert "scalar_subquery()" in (tmp_path / "f.py").read_text()
    assert "0 findings" in proc.stderr.decode()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["run", "--select", "no-such-codemod", "."], id="unknown --select id"),
        pytest.param(["run", "--ignore", "nope", "."], id="unknown --ignore id"),
        pytest.param(["run"], id="no path"),
        pytest.param(["run", "--target", "3.0", "."], id="unknown target"),
        pytest.param(["explain", "nope"], id="explain unknown id"),
    ],
)
def test_exit_2_on_usage_error(tmp_path, args):
    proc = sqla_upgrade(*args, cwd=tmp_path)
    assert proc.returncode == 2


# -- dry run --------------------------------------------------------------------------------------------


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_dry_run_diff_applies_with_git_to_the_in_place_result(tmp_path, snapshot):
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "examples", tree / "examples")
    write(tree / "pkg" / "crlf.py", LEGACY.replace("\n", "\r\n").encode(), mode="wb")
    write(tree / "pkg" / "no_eol.py", LEGACY.rstrip("\n"))
    write(tree / "pkg" / "clean.py", CLEAN)
    before = {p: p.read_bytes() for p in tree.rglob("*.py")}

    dry = sqla_upgrade("run", "--dry-run", "--no-color", ".", cwd=tree)
    assert dry.returncode == 1, dry.stderr
    assert {p: p.read_bytes() for p in tree.rglob("*.py")} == before, "--dry-run wrote files"
    # The bundled example's migration is an expected output (the CRLF fixtures stay out of the snapshot).
    examples = sqla_upgrade("run", "--dry-run", "--no-color", "examples", cwd=tree)
    assert examples.stdout and examples.stdout in dry.stdout
    snapshot.snapshot_dir = ROOT / "snapshots" / "cli"
    snapshot.assert_match(examples.stdout.decode("utf-8"), "dry_run_examples.diff")

    applied = tmp_path / "applied"
    shutil.copytree(tree, applied)
    _git("init", "-q", cwd=applied)
    patch = tmp_path / "p.diff"
    patch.write_bytes(dry.stdout)
    _git("apply", str(patch), cwd=applied)

    in_place = tmp_path / "in_place"
    shutil.copytree(tree, in_place)
    proc = sqla_upgrade("run", ".", cwd=in_place)
    assert proc.returncode == 1, proc.stderr
    for p in in_place.rglob("*.py"):
        rel = p.relative_to(in_place)
        assert (applied / rel).read_bytes() == p.read_bytes(), rel
    assert (in_place / "pkg" / "crlf.py").read_bytes() == LEGACY_OUT.replace("\n", "\r\n").encode()


def test_color_only_when_asked(tmp_path):
    write(tmp_path / "q.py")
    plain = sqla_upgrade("run", "--dry-run", "q.py", cwd=tmp_path)
    assert b"\x1b[" not in plain.stdout  # not a terminal: no colour by default
    colored = sqla_upgrade("run", "--dry-run", "--color", "q.py", cwd=tmp_path)
    assert b"\x1b[32m+" in colored.stdout


# -- standard input ---------------------------------------------------------------------------------


def test_stdin_to_stdout(tmp_path):
    proc = sqla_upgrade("run", "-", cwd=tmp_path, stdin=LEGACY.encode())
    assert proc.returncode == 1
    assert proc.stdout.decode() == LEGACY_OUT


def test_stdin_unchanged_passes_through(tmp_path):
    proc = sqla_upgrade("run", "-", cwd=tmp_path, stdin=CLEAN.encode())
    assert proc.returncode == 0
    assert proc.stdout.decode() == CLEAN


def test_stdin_syntax_error_echoes_input(tmp_path):
    bad = b"q.apply_labels()\nselect([a]\n"
    proc = sqla_upgrade("run", "-", cwd=tmp_path, stdin=bad)
    assert proc.returncode == 2
    assert proc.stdout == bad
    assert proc.stderr.decode().startswith("-: error: syntax error")


def test_stdin_too_large_echoes_input(tmp_path):
    from sqla_upgrade.guard import MAX_FILE_BYTES

    big = LEGACY.encode() + b"x = 1\n" * (MAX_FILE_BYTES // 6 + 1)
    proc = sqla_upgrade("run", "-", cwd=tmp_path, stdin=big)
    assert proc.returncode == 2
    assert proc.stdout == big
    assert proc.stderr.decode().startswith("-: error: file too large")
    assert "Traceback" not in proc.stderr.decode()


def test_stdin_deeply_nested_is_one_error_line(tmp_path):
    deep = b"import sqlalchemy\nx = " + b"(" * 1200 + b"1" + b")" * 1200 + b"\nq.apply_labels()\n"
    proc = sqla_upgrade("run", "-", cwd=tmp_path, stdin=deep)
    assert proc.stdout == deep
    assert "Traceback" not in proc.stderr.decode()
    assert proc.returncode in (0, 1, 2)


def test_stdin_long_sum_is_migrated(tmp_path):
    # 1,000 terms: deep recursion in LibCST and the codemods, which the deep stack handles on stdin too
    long_sum = b"from sqlalchemy import select\nx = " + b" + ".join([b"a"] * 1000) + b"\nq = select([t])\n"
    proc = sqla_upgrade("run", "-", cwd=tmp_path, stdin=long_sum)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.endswith(b"q = select(t)\n")


# -- bad input: one line each, the run goes on ------------------------------------------------------------


def test_bad_inputs_each_get_one_error_line_and_the_run_goes_on(tmp_path):
    # Each bad file contains a trigger, so the pre-filter lets it through to decoding and parsing.
    write(tmp_path / "a_good.py")
    write(tmp_path / "b_syntax.py", "q.apply_labels()\nselect([a]\n")
    write(tmp_path / "c_undecodable.py", b"q.apply_labels()\nx = '\xff\xfe'\n", mode="wb")
    write(tmp_path / "d_binary.py", b"apply_labels\x00\x01\x02", mode="wb")
    os.symlink(tmp_path / "nowhere.py", tmp_path / "e_broken_link.py")
    write(tmp_path / "f_good.py")

    proc = sqla_upgrade("run", ".", "missing.py", cwd=tmp_path)
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.decode().splitlines() if ": error: " in line]
    assert len(errors) == 5, errors
    assert errors[0].startswith("b_syntax.py: error: syntax error at 2:") and errors[0].endswith("; skipped")
    assert errors[1:] == [
        "c_undecodable.py: error: cannot decode as utf-8 at 2:6 (byte 0xff); skipped",
        "d_binary.py: error: binary file (contains NUL bytes); skipped",
        "e_broken_link.py: error: broken symbolic link; skipped",
        "missing.py: error: no such file or directory",
    ]
    assert (tmp_path / "a_good.py").read_text() == LEGACY_OUT
    assert (tmp_path / "f_good.py").read_text() == LEGACY_OUT
    assert "2 changed" in proc.stderr.decode()


def test_unreadable_file(tmp_path):
    from sqla_upgrade.cli import enabled_codemods
    from sqla_upgrade.codemod import RunOptions
    from sqla_upgrade.files import Target
    from sqla_upgrade.runner import Job, process_target

    options = RunOptions()
    job = Job(enabled_codemods(options), options, write=True)
    if os.geteuid() == 0:
        # root reads any file whatever its mode; a directory in a file's place fails the same way.
        unreadable = tmp_path / "dir.py"
        unreadable.mkdir()
    else:
        unreadable = write(tmp_path / "secret.py")
        unreadable.chmod(0)
    result = process_target(Target("secret.py", str(unreadable)), job)
    assert result.error is not None and result.error.startswith("cannot read: ")
    assert not result.changed


def test_read_only_file_is_not_written(tmp_path):
    ro = write(tmp_path / "ro.py")
    ro.chmod(0o444)
    other = write(tmp_path / "rw.py")
    proc = sqla_upgrade("run", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert "ro.py: error: file is read-only; not written" in proc.stderr.decode()
    assert ro.read_text() == LEGACY
    assert stat.S_IMODE(ro.stat().st_mode) == 0o444
    assert other.read_text() == LEGACY_OUT


def test_file_changed_during_the_run_is_not_overwritten(tmp_path):
    from sqla_upgrade.files import WriteError, write_atomically

    target = write(tmp_path / "q.py")
    target.write_text("# edited by the user meanwhile\n" + LEGACY)
    with pytest.raises(WriteError, match="changed on disk during the run"):
        write_atomically(target, LEGACY.encode(), LEGACY_OUT.encode())
    assert target.read_text() == "# edited by the user meanwhile\n" + LEGACY
    assert [p.name for p in tmp_path.iterdir()] == ["q.py"], "temporary file left behind"


# -- what a write keeps ---------------------------------------------------------------------------------


def test_write_keeps_mode_bom_coding_cookie_and_line_endings(tmp_path):
    exe = write(tmp_path / "exe.py")
    exe.chmod(0o755)
    bom = write(tmp_path / "bom.py", b"\xef\xbb\xbf" + LEGACY.encode(), mode="wb")
    latin = write(
        tmp_path / "latin.py",
        ("# -*- coding: latin-1 -*-\n" + LEGACY + "name = 'caf\xe9'\n").encode("latin-1"),
        mode="wb",
    )
    crlf = write(tmp_path / "crlf.py", LEGACY.replace("\n", "\r\n").encode(), mode="wb")
    proc = sqla_upgrade("run", ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert stat.S_IMODE(exe.stat().st_mode) == 0o755
    assert exe.read_text() == LEGACY_OUT
    assert bom.read_bytes() == b"\xef\xbb\xbf" + LEGACY_OUT.encode()
    assert latin.read_bytes() == (
        "# -*- coding: latin-1 -*-\n" + LEGACY_OUT + "name = 'caf\xe9'\n"
    ).encode("latin-1")
    assert crlf.read_bytes() == LEGACY_OUT.replace("\n", "\r\n").encode()


def test_symlinked_file_is_rewritten_through_the_link(tmp_path):
    real = write(tmp_path / "real" / "q.py")
    (tmp_path / "src").mkdir()
    os.symlink(real, tmp_path / "src" / "link.py")
    proc = sqla_upgrade("run", "src", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert (tmp_path / "src" / "link.py").is_symlink()
    assert real.read_text() == LEGACY_OUT


# -- discovery, selection, configuration ---------------------------------------------------------------


def test_default_and_user_excludes(tmp_path):
    for folder in (".git", ".venv", "build", "dist", "__pycache__", ".tox", "node_modules", "myenv", "gen"):
        write(tmp_path / folder / "q.py")
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    kept = write(tmp_path / "src" / "q.py")
    proc = sqla_upgrade("run", "--exclude", "gen", ".", cwd=tmp_path)
    assert "1 files scanned" in proc.stderr.decode(), proc.stderr
    assert kept.read_text() == LEGACY_OUT
    assert (tmp_path / "gen" / "q.py").read_text() == LEGACY


def test_select_and_ignore(tmp_path):
    src = "from sqlalchemy import select\n\nstmt = select(users).apply_labels()\nx = q.as_scalar()\n"
    write(tmp_path / "q.py", src)
    only = sqla_upgrade("run", "--dry-run", "--select", "as-scalar", "--unsafe-fixes", "q.py", cwd=tmp_path)
    assert b"scalar_subquery" in only.stdout and b"set_label_style" not in only.stdout
    ignored = sqla_upgrade("run", "--dry-run", "--ignore", "as-scalar", "q.py", cwd=tmp_path)
    assert b"set_label_style" in ignored.stdout and b"as-scalar" not in ignored.stderr


def test_pyproject_configuration_and_cli_override(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sqla-upgrade]\nignore = ["apply-labels"]\nexclude = ["legacy_vendor"]\n'
    )
    write(tmp_path / "legacy_vendor" / "q.py")
    target = write(tmp_path / "q.py")
    proc = sqla_upgrade("run", "--dry-run", ".", cwd=tmp_path)
    assert b"legacy_vendor" not in proc.stdout + proc.stderr
    assert b"set_label_style" not in proc.stdout
    # --ignore adds to the configured ignores (ruff's layering); --extend-select brings a codemod back.
    extended = sqla_upgrade("run", "--dry-run", "--ignore", "as-scalar", ".", cwd=tmp_path)
    assert b"set_label_style" not in extended.stdout
    override = sqla_upgrade("run", "--dry-run", "--extend-select", "apply-labels", ".", cwd=tmp_path)
    assert b"set_label_style" in override.stdout
    assert target.read_text() == LEGACY


def test_bad_pyproject_is_a_usage_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.sqla-upgrade]\nslect = ["x"]\n')
    proc = sqla_upgrade("run", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert b"unknown key(s) in [tool.sqla-upgrade]: slect" in proc.stderr


def test_jobs_1_and_jobs_2_give_identical_output(tmp_path):
    for i in range(48):
        write(tmp_path / f"pkg{i % 4}" / f"m{i:02}.py", LEGACY if i % 3 else CLEAN + FINDING_ONLY)
    one = sqla_upgrade("run", "--dry-run", "--jobs", "1", ".", cwd=tmp_path)
    two = sqla_upgrade("run", "--dry-run", "--jobs", "2", ".", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stdout
    strip_time = lambda err: err.decode().rsplit(" in ", 1)[0]  # noqa: E731
    assert strip_time(one.stderr) == strip_time(two.stderr)


# -- suppression ----------------------------------------------------------------------------------------


def test_skip_comment_leaves_the_statement_alone(tmp_path):
    src = (
        "from sqlalchemy import select\n\n"
        "a = select([users.c.id]).apply_labels()  # sqla-upgrade: skip\n"
        "b = select([users.c.id]).apply_labels()\n"
    )
    write(tmp_path / "q.py", src)
    sqla_upgrade("run", "q.py", cwd=tmp_path)
    lines = (tmp_path / "q.py").read_text().splitlines()
    assert "a = select([users.c.id]).apply_labels()  # sqla-upgrade: skip" in lines
    assert "b = select(users.c.id).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)" in lines


def test_skip_file_comment(tmp_path):
    src = "#!/usr/bin/env python\n# sqla-upgrade: skip-file\n" + LEGACY
    write(tmp_path / "q.py", src)
    proc = sqla_upgrade("run", "q.py", cwd=tmp_path)
    assert proc.returncode == 0
    assert (tmp_path / "q.py").read_text() == src


# -- list / explain ----------------------------------------------------------------------------------------


def test_list_and_explain_every_codemod(tmp_path):
    from sqla_upgrade.codemods import CODEMODS

    listed = sqla_upgrade("list", cwd=tmp_path).stdout.decode().splitlines()
    assert [l.split()[0] for l in listed] == [c.ID for c in CODEMODS]
    for c in CODEMODS:
        out = sqla_upgrade("explain", c.ID, cwd=tmp_path)
        assert out.returncode == 0
        text = out.stdout.decode()
        assert text.startswith(f"{c.ID}: {c.SUMMARY}")
        assert "before:" in text and "after:" in text
