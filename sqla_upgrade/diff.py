"""Unified diffs that `git apply` accepts: `a/` and `b/` prefixes, exact bytes, no-newline markers."""

from __future__ import annotations

import difflib
from typing import List

_NO_EOL = b"\\ No newline at end of file\n"


def git_lines(data: bytes) -> List[bytes]:
    """``data`` split as git splits a file: after each ``\\n`` only.

    A lone ``\\r``, ``\\f`` or U+2028 is part of git's line (``str.splitlines`` would split there, and the
    patch would not apply); a file with CR-only endings is one line to git.
    """
    lines = data.split(b"\n")
    out = [line + b"\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def unified_diff(old: bytes, new: bytes, path: str) -> bytes:
    # Compared as bytes, so the patch carries the file's own bytes whatever its encoding.
    path_b = path.replace("\\", "/").encode("utf-8", "surrogateescape")
    out = []
    for line in difflib.diff_bytes(difflib.unified_diff, git_lines(old), git_lines(new), b"a/" + path_b, b"b/" + path_b):
        if line.startswith((b"---", b"+++")):
            line = line.rstrip(b"\r\n") + b"\n"
        if not line.endswith(b"\n"):
            line += b"\n" + _NO_EOL
        out.append(line)
    return b"".join(out)
