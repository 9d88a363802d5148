"""Reading a Python source file's bytes as text and writing text back as the same bytes.

Kept: the encoding (PEP 263 coding cookie, UTF-8 BOM) and the line endings. LibCST itself keeps each line's
ending and writes lines it creates with the module's dominant one, so only the decode/encode lives here.
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass

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
