"""The bad-input matrix (issue 9): every odd file one run can meet, all in one tree.

Each case lives in its own folder with a good legacy file beside it; the tool runs once over the whole tree
(in-process, and over two workers). For every case: at most one line about it (the line the case expects),
the good file beside it is migrated (so the run went on), and the odd file is either left byte for byte as
it was or (for odd but valid files) migrated exactly as expected, with its mode kept.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Optional

import pytest

from tests.test_cli import LEGACY, LEGACY_OUT, sqla_upgrade

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
L = LEGACY.encode()


def migrated(src: bytes) -> bytes:
    """``src`` with the legacy statement of LEGACY migrated and nothing else changed."""
    return src.replace(b"from sqlalchemy import select", b"from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, select").replace(
        b"select([users.c.id]).apply_labels()", b"select(users.c.id).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)"
    )


def generated_module(n_bytes: int) -> bytes:
    """A generated module of about ``n_bytes``: a table of data, legacy statements every 500 rows."""
    rows = [L]
    i = 0
    size = len(L)
    while size < n_bytes:
        row = f"ROW_{i} = ({i}, 'name {i}', {i * 0.5!r}, None)\n".encode()
        if i % 500 == 0:
            row += f"q_{i} = select([users.c.id]).apply_labels()\n".encode()
        rows.append(row)
        size += len(row)
        i += 1
    return b"".join(rows)


@dataclass
class Case:
    id: str
    make: Callable[[Path], Path]  # creates the odd file in the folder given, returns the path to check
    error: Optional[str]  # regular expression the one error line's message must match; None: no line
    expected: Optional[Callable[[bytes], bytes]] = None  # when migrated: the expected bytes from the original
    arg: Optional[str] = None  # a path given on the command line besides the tree (relative to the tree)


def file_(name: str, data: bytes, mode: int = 0o640) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        p = folder / name
        p.write_bytes(data)
        os.chmod(p, mode)
        return p

    return make


def symlink(name: str, to: Callable[[Path], str]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        p = folder / name
        os.symlink(to(folder), p)
        return p

    return make


def fifo(folder: Path) -> Path:
    p = folder / "fifo.py"
    os.mkfifo(p)
    return p


def read_only_folder(folder: Path) -> Path:
    p = folder / "locked" / "q.py"
    p.parent.mkdir()
    p.write_bytes(L)
    os.chmod(p.parent, 0o555)
    return p


def link_loop(folder: Path) -> Path:
    os.symlink(folder / "loop_b.py", folder / "loop_a.py")
    os.symlink(folder / "loop_a.py", folder / "loop_b.py")
    return folder / "loop_a.py"


SYNTAX = b"from sqlalchemy import select\nstmt = select([users.c.id]\n"
LATIN = b"# -*- coding: latin-1 -*-\n" + L + "name = 'caf\xe9'\n".encode("latin-1")
TABS = b"from sqlalchemy import select\n\nif x:\n\tstmt = select([users.c.id]).apply_labels()\n"
FORM_FEEDS = b"from sqlalchemy import select\n\x0c\nif x:\n    y = 1\n\x0cstmt = select([users.c.id]).apply_labels()\n"
PEP695 = L + b"type Alias = list[int]\n\ndef first[T](xs: list[T]) -> T:\n    return xs[0]\n"
FSTRINGS_312 = L + b'x = f"{f"{users}"}"\n'
TSTRINGS = L + b't = t"hello {users}"\n'

CASES = [
    Case("syntax error in a sqlalchemy file", file_("bad.py", SYNTAX), r"syntax error at 2:\d+: .*; skipped"),
    Case(
        "undecodable bytes",
        file_("bad.py", L + b"x = '\xff\xfe'\n"),
        r"cannot decode as utf-8 at 4:6 \(byte 0xff\); skipped",
    ),
    Case("latin-1 with a coding cookie and non-ASCII strings", file_("q.py", LATIN), None, migrated),
    Case("UTF-8 BOM", file_("q.py", b"\xef\xbb\xbf" + L), None, migrated),
    Case("CRLF endings", file_("q.py", L.replace(b"\n", b"\r\n")), None, migrated),
    Case("CR-only endings", file_("q.py", L.replace(b"\n", b"\r")), None, migrated),
    Case("mixed endings", file_("q.py", b"from sqlalchemy import select\r\n\rstmt = select([users.c.id]).apply_labels()\n"), None, migrated),
    Case("no trailing newline", file_("q.py", L.rstrip(b"\n")), None, migrated),
    Case("tabs", file_("q.py", TABS), None, migrated),
    Case("form feeds", file_("q.py", FORM_FEEDS), None, migrated),
    Case("binary file named .py", file_("bin.py", b"apply_labels\x00\x01\x02\xff" * 50), r"binary file \(contains NUL bytes\); skipped"),
    Case("empty file", file_("empty.py", b""), None),
    Case("comments only", file_("comments.py", b"# select([users.c.id]).apply_labels()\n# nothing else\n"), None),
    Case("executable mode kept", file_("exe.py", L, 0o755), None, migrated),
    Case("read-only file", file_("ro.py", L, 0o444), r"file is read-only; not written"),
    Case(
        "read-only folder",
        read_only_folder,
        None if ROOT_USER else r"cannot write: Permission denied; file left unchanged",
        migrated if ROOT_USER else None,  # root writes into any folder
    ),
    Case("broken symbolic link", symlink("broken.py", lambda f: str(f / "nowhere.py")), r"broken symbolic link; skipped"),
    Case("symbolic link loop", link_loop, r"symbolic link loop; skipped"),
    Case("FIFO named .py", fifo, r"cannot read: not a regular file \(a FIFO\); skipped"),
    Case(
        "symbolic link to /dev/zero",
        symlink("zero.py", lambda f: "/dev/zero"),
        r"cannot read: not a regular file \(a character device\); skipped",
    ),
    Case("a path that does not exist", lambda f: f / "missing.py", r"no such file or directory", arg="missing.py"),
    Case("generated 30 kB module", file_("generated.py", generated_module(30_000)), None, migrated),
    Case(
        "1,000 nested parentheses",
        file_("parens.py", L + b"x = " + b"(" * 1000 + b"1" + b")" * 1000 + b"\n"),
        r"nested too deeply for Python's parser \(too many nested parentheses at line 4\); skipped",
    ),
    Case(
        "5,000-term a + a + ...",
        file_("plus.py", L + b"x = " + b" + ".join([b"a"] * 5000) + b"\n"),
        r"nested too deeply: 5003 levels at line 4 \(the limit is 1500\); skipped",
    ),
    Case("400-term a + a + ...", file_("plus400.py", L + b"x = " + b" + ".join([b"a"] * 400) + b"\n"), None, migrated),
    Case("Python 3.12 syntax: PEP 695", file_("pep695.py", PEP695), None, migrated),
    Case("Python 3.12 syntax: nested f-strings", file_("fstrings.py", FSTRINGS_312), None, migrated),
    Case("t-strings", file_("tstrings.py", TSTRINGS), None, migrated),
]
if ROOT_USER:
    # root reads whatever the mode; a process's own memory file is a regular file no one can read at 0.
    unreadable = Case("unreadable file", symlink("mem.py", lambda f: "/proc/self/mem"), r"cannot read: Input/output error")
else:
    unreadable = Case("unreadable file", file_("secret.py", L, 0o000), r"cannot read: Permission denied")
CASES.append(unreadable)


@dataclass
class Made:
    path: Path
    display: str
    before: Optional[bytes]
    mode: Optional[int]
    good: Path


@pytest.fixture(scope="module", params=["1", "2"], ids=["jobs 1", "jobs 2"])
def matrix(request, tmp_path_factory):
    tree = tmp_path_factory.mktemp(f"matrix-jobs{request.param}")
    made: Dict[str, Made] = {}
    extra_args = []
    for i, case in enumerate(CASES):
        folder = tree / f"case{i:02}"
        folder.mkdir()
        good = folder / "good.py"
        good.write_bytes(L)
        path = case.make(folder)
        if case.arg:
            extra_args.append(os.path.relpath(folder / case.arg, tree))
        regular = path.is_file() and not path.is_symlink()
        made[case.id] = Made(
            path=path,
            display=os.path.relpath(path, tree),
            before=path.read_bytes() if regular and os.access(path, os.R_OK) else None,
            mode=stat.S_IMODE(os.lstat(path).st_mode) if os.path.lexists(path) else None,
            good=good,
        )
    proc = sqla_upgrade("run", "--jobs", request.param, ".", *extra_args, cwd=tree)
    yield proc, made
    for p in tree.rglob("*"):  # let pytest clean the tree up
        if p.is_dir() and not p.is_symlink():
            os.chmod(p, 0o755)


def _read_as_root_would(made: Made) -> Optional[bytes]:
    try:
        return made.path.read_bytes()
    except OSError:
        return None


def test_the_run_ends_with_status_2_and_no_traceback(matrix):
    proc, _ = matrix
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr, proc.stderr.decode()[-3000:]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(matrix, case):
    proc, made = matrix
    m = made[case.id]
    lines = [line for line in proc.stderr.decode().splitlines() if line.startswith(m.display + ":")]
    if case.error is None:
        assert lines == []
    else:
        assert len(lines) == 1, lines
        assert re.fullmatch(re.escape(m.display) + r": error: " + case.error, lines[0]), lines[0]
    assert m.good.read_bytes() == migrated(L), "the good file beside it was not migrated"
    if m.before is not None:
        after = m.path.read_bytes()
        assert after == (case.expected(m.before) if case.expected else m.before)
        if case.expected:
            assert after != m.before
    if m.mode is not None:
        assert stat.S_IMODE(os.lstat(m.path).st_mode) == m.mode, "mode changed"


def test_every_good_file_was_migrated(matrix):
    proc, made = matrix
    n_migrated = sum(1 for c in CASES if c.expected) + len(CASES)  # the good files too
    assert f"{n_migrated} changed" in proc.stderr.decode()
