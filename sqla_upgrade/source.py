"""Reading a Python source file's bytes as text and writing text back as the same bytes.

Kept: the encoding (PEP 263 coding cookie, UTF-8 BOM) and the line endings. LibCST itself keeps each line's
ending and writes lines it creates with the module's dominant one, so only the decode/encode lives here.
"""

from __future__ import annotations

import difflib
import io
import re
import tokenize
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import libcst as cst

BOM = b"\xef\xbb\xbf"


class SourceError(Exception):
    """A file that cannot be processed as Python source; the message is one line for the user."""


@dataclass(frozen=True)
class DecodedSource:
    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return BOM + data if self.bom else data


def decode_source(data: bytes) -> DecodedSource:
    if b"\0" in data:
        raise SourceError("binary file (contains NUL bytes); skipped")
    bom = data.startswith(BOM)
    body = data[len(BOM):] if bom else data
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise SourceError(f"cannot determine the encoding: {exc}") from None
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        col = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"cannot decode as {encoding} at {line}:{col} (byte 0x{body[exc.start]:02x}); skipped"
        ) from None
    except LookupError:
        raise SourceError(f"unknown encoding {encoding!r} in the coding cookie; skipped") from None
    return DecodedSource(text=text, encoding=encoding, bom=bom)


# Python ends a line at \r\n, \r or \n only. str.splitlines also splits at \f, \v, \x1c-\x1e, \x85, U+2028 and
# U+2029, which are ordinary characters inside a Python line.
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> List[str]:
    """``text``'s lines, each with its own ending, split at Python's line endings only."""
    return _LINE_RE.findall(text)


def faithful_code(text: str, module: cst.Module, new_module: cst.Module) -> str:
    """The code of ``new_module`` (a rewrite of ``module``, the parse of ``text``) with every byte outside
    the rewritten lines exactly as in ``text``.

    LibCST regenerates some whitespace instead of keeping it: a form feed in the indentation of a line that
    dedents, the last line ending of a file with CR-only endings. Such a line is put back from ``text``
    where the rewrite left it alone, and its lost prefix or suffix is put back on the line that replaced it
    where that line still starts (ends) as LibCST's version did. Anything else raises SourceError: the file
    is left as it is rather than written with a change nobody asked for.

    Generating ``module``'s code costs a fraction of a parse; it is paid only for files that changed.
    """
    new_text = new_module.code
    round_trip = module.code
    if round_trip == text:
        return new_text
    old, rt, new = split_lines(text), split_lines(round_trip), split_lines(new_text)
    if len(old) != len(rt):
        raise SourceError(_unfaithful(old, rt))
    damaged = {i for i, (o, r) in enumerate(zip(old, rt)) if o != r}
    out: List[str] = []
    matcher = difflib.SequenceMatcher(None, rt, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(old[i1:i2])
            continue
        block = list(new[j1:j2])
        for i in sorted(d for d in damaged if i1 <= d < i2):
            o, r = old[i], rt[i]
            head, tail = _common_affixes(o, r)
            if head == 0 and block and i == i1 and block[0].startswith(r[: len(r) - tail]):
                # the damage is a prefix (indentation with a form feed) of the block's first line
                block[0] = o[: len(o) - tail] + block[0][len(r) - tail:]
            elif tail == 0 and block and i == i2 - 1 and block[-1].endswith(r[head:]):
                # the damage is a suffix (a lost line ending) of the block's last line
                block[-1] = block[-1][: len(block[-1]) - (len(r) - head)] + o[head:]
            else:
                raise SourceError(_unfaithful(old, rt, i))
        out.extend(block)
    return "".join(out)


def _common_affixes(a: str, b: str) -> Tuple[int, int]:
    """Lengths of the longest common prefix and of the longest common suffix that does not overlap it."""
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def _unfaithful(old: Sequence[str], rt: Sequence[str], line: Optional[int] = None) -> str:
    if line is None:
        line = next((i for i, (o, r) in enumerate(zip(old, rt)) if o != r), min(len(old), len(rt)))
    return (
        f"LibCST would change line {line + 1} outside the rewrite ({_shown(old, line)} → {_shown(rt, line)}); "
        "file left unchanged"
    )


def _shown(lines: Sequence[str], i: int) -> str:
    return repr(lines[i][:60]) if i < len(lines) else "end of file"
