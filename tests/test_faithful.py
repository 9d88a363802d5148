"""Nothing outside a rewritten node changes: bytes LibCST would regenerate, and diffs `git apply` takes.

Each case's expected output is its input with only the legacy call replaced, so any other byte that moves
fails the test.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.cli import enabled_codemods
from sqla_upgrade.diff import unified_diff
from sqla_upgrade.pipeline import process_bytes
from sqla_upgrade.source import split_lines
from tests.test_cli import sqla_upgrade

OPTIONS = RunOptions()
CODEMODS = enabled_codemods(OPTIONS)
OLD, NEW = b"select([users.c.id])", b"select(users.c.id)"
HEAD = b"from sqlalchemy import select\n"

CASES = [
    pytest.param(HEAD + b"if x:\n    y = 1\n\x0cstmt = " + OLD + b"\n", id="form feed starting a dedented rewritten line"),
    pytest.param(HEAD + b"if x:\n    y = 1\n\x0cz = 2\nstmt = " + OLD + b"\n", id="form feed starting a dedented untouched line"),
    pytest.param(
        HEAD + b"class A:\n    def f(self):\n        pass\n    \x0cdef g(self):\n        return " + OLD + b"\n",
        id="spaces then form feed before a def (CPython: column 0)",
    ),
    pytest.param(
        b"from sqlalchemy import select\r\nif x:\r\n    y = 1\r\n\x0cstmt = " + OLD + b"\r\n", id="form feed in a CRLF file"
    ),
    pytest.param(b"from sqlalchemy import select\rstmt = " + OLD + b"\r", id="CR-only endings, rewrite on the last line"),
    pytest.param(
        b"# c\rfrom sqlalchemy import select\r\rstmt = " + OLD + b"\rs = '''a\rb'''\r", id="CR-only endings, string last"
    ),
    pytest.param(b"from sqlalchemy import select\rstmt = " + OLD, id="CR-only endings, no final line ending"),
    pytest.param(HEAD + "s = '\u2028'  # \u2028\nstmt = ".encode() + OLD + b"\n", id="U+2028 in a string and a comment"),
]


@pytest.mark.parametrize("src", CASES)
def test_only_the_rewritten_call_changes(src):
    out = process_bytes("f.py", src, CODEMODS, OPTIONS)
    assert out.error is None, out.error
    assert out.new_data == src.replace(OLD, NEW)


def test_a_regenerated_line_is_put_back_where_untouched_and_refused_where_rewritten():
    # LibCST's view of the file (`module`) differs from the bytes inside line 2: a damage that is neither
    # a prefix nor a suffix of the line cannot be carried over to a rewritten line.
    import libcst as cst

    from sqla_upgrade.source import SourceError, faithful_code

    text = "x = 1\ny = 2\n"
    module = cst.parse_module("x = 1\ny  = 2\n")
    assert faithful_code(text, module, cst.parse_module("x = 5\ny  = 2\n")) == "x = 5\ny = 2\n"
    with pytest.raises(SourceError, match=r"^LibCST would change line 2 outside the rewrite .*; file left unchanged$"):
        faithful_code(text, module, cst.parse_module("x = 1\ny  = 3\n"))


@pytest.mark.parametrize(
    "text, lines",
    [
        ("a\x0cb\nc", ["a\x0cb\n", "c"]),
        ("a\u2028b\rc\r\nd\n", ["a\u2028b\r", "c\r\n", "d\n"]),
        ("a\x0b\x1c\x85\n", ["a\x0b\x1c\x85\n"]),
        ("", []),
    ],
    ids=["form feed", "U+2028 and mixed endings", "other str.splitlines separators", "empty"],
)
def test_split_lines_splits_at_python_line_endings_only(text, lines):
    assert split_lines(text) == lines


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("src", CASES)
def test_dry_run_diff_applies_with_git(tmp_path, src):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "q.py").write_bytes(src)
    dry = sqla_upgrade("run", "--dry-run", "--no-color", "q.py", cwd=tree)
    assert dry.returncode == 1, dry.stderr
    assert dry.stdout == unified_diff(src, src.replace(OLD, NEW), "q.py")
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)
    (tmp_path / "p.diff").write_bytes(dry.stdout)
    applied = subprocess.run(["git", "apply", str(tmp_path / "p.diff")], cwd=tree, capture_output=True)
    assert applied.returncode == 0, applied.stderr
    assert (tree / "q.py").read_bytes() == src.replace(OLD, NEW)
