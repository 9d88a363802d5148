"""Unified diffs that `git apply` accepts: `a/` and `b/` prefixes, exact bytes, no-newline markers."""

from __future__ import annotations

import difflib

_NO_EOL = "\\ No newline at end of file\n"


def unified_diff(old: bytes, new: bytes, path: str) -> bytes:
    # surrogateescape round-trips any byte, so the patch carries the file's own bytes whatever its encoding.
    a = old.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    b = new.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    path = path.replace("\\", "/")
    out = []
    for line in difflib.unified_diff(a, b, f"a/{path}", f"b/{path}"):
        if line.startswith(("---", "+++")):
            line = line.rstrip("\r\n") + "\n"
        if not line.endswith("\n"):
            line += "\n" + _NO_EOL
        out.append(line)
    return "".join(out).encode("utf-8", "surrogateescape")
