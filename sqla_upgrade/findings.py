"""What a run reports besides rewritten code: findings (code to migrate by hand) and per-file errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

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

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.rule_id} {self.message}"
        if self.fix_available:
            text += " [fix available with --unsafe-fixes]"
        if self.code:
            text += f" ({DOCS_URL.format(code=self.code)})"
        return text


@dataclass(frozen=True)
class FileError:
    path: str
    message: str

    def format(self) -> str:
        return f"{self.path}: error: {self.message}"
