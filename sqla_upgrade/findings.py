"""What a run reports besides rewritten code: findings (code to migrate by hand) and per-file errors."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import List, Optional, Sequence

DOCS_URL = "https://sqlalche.me/e/20/{code}"


@dataclass(frozen=True, order=True)
class Finding:
    # Field order is the sort order: findings print grouped by file, then by position.
    path: str
    line: int
    col: int
    rule_id: str
    message: str
    code: Optional[str] = None
    # True when the codemod has a rewrite for this site that is only applied with --unsafe-fixes.
    fix_available: bool = False
    # The text of the finding's line in the file as it was read (for the caret display and the report).
    source: str = field(default="", compare=False)

    @property
    def url(self) -> Optional[str]:
        return DOCS_URL.format(code=self.code) if self.code else None

    def format(self) -> str:
        """One line: what ``--output-format concise`` prints, and the head of the full text format."""
        text = f"{self.path}:{self.line}:{self.col}: {self.rule_id} {self.message}"
        if self.fix_available:
            text += " [fix available with --unsafe-fixes]"
        if self.code:
            text += f" ({self.url})"
        return text


def attach_source(findings: Sequence[Finding], data: bytes) -> List[Finding]:
    """``findings`` with the text of their lines in ``data`` (the file's bytes before any rewrite)."""
    if not findings:
        return list(findings)
    lines = data.splitlines()
    out = []
    for f in findings:
        text = lines[f.line - 1].decode("utf-8", "replace") if 0 < f.line <= len(lines) else ""
        out.append(replace(f, source=text.lstrip("\ufeff")))
    return out


@dataclass(frozen=True)
class FileError:
    path: str
    message: str

    def format(self) -> str:
        return f"{self.path}: error: {self.message}"
