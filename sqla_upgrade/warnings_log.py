"""``--warnings-log FILE``: SQLAlchemy's own 2.0 warnings, from a test run, as input.

The log is the output of e.g. ``SQLALCHEMY_WARN_20=1 python -W always::DeprecationWarning -m pytest``:
lines such as ``app/models.py:12: RemovedIn20Warning: The legacy calling style of select() ...``. Each
location in a file of this run that the run neither rewrites nor reports becomes a finding with the
warning's text; a finding whose rewrite waits for --unsafe-fixes because the receiver is not proven is
marked as confirmed by the log (SQLAlchemy itself warned there).
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass, replace
from typing import Dict, List, Optional, Sequence, Set, Tuple

from sqla_upgrade.findings import Finding, attach_source
from sqla_upgrade.runner import FileResult

CATEGORIES = ("RemovedIn20Warning", "MovedIn20Warning", "LegacyAPIWarning")
RULE_ID = "runtime-warning"

_LINE_RE = re.compile(
    r"^\s*(?P<path>\S[^:]*?\.pyi?):(?P<line>\d+): (?:[\w.]+\.)?(?P<category>"
    + "|".join(CATEGORIES)
    + r"): (?P<message>.*?)\s*$"
)
_CODE_RE = re.compile(r"sqlalche\.me/e/(?:\d+/)?([0-9a-z]{4})\b")
_BACKGROUND_RE = re.compile(r"\s*\(Background on [^)]*\)")


def _code(message: str) -> Optional[str]:
    match = _CODE_RE.search(message)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Warned:
    path: str  # as the log has it
    line: int
    category: str
    message: str
    code: Optional[str] = None

    def text(self) -> str:
        return f"{self.category}: {self.message}"


def parse_log(text: str) -> List[Warned]:
    """Every distinct warning location in the log, in order of first appearance."""
    seen: Set[Warned] = set()
    out = []
    for raw in text.splitlines():
        match = _LINE_RE.match(raw)
        if match is None:
            continue
        message = _BACKGROUND_RE.sub("", match["message"]).strip()  # the finding links the code itself
        w = Warned(match["path"], int(match["line"]), match["category"], message, _code(match["message"]))
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def _statement_span(tree: Optional[ast.AST], line: int) -> Tuple[int, int]:
    """The lines of the innermost statement on ``line`` (of a compound statement, its header only): a
    warning names the line being executed, a finding the first line of its node."""
    spans = [(line, line)]
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.stmt):
            end = getattr(node, "end_lineno", None) or node.lineno
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                end = max(node.lineno, body[0].lineno - 1)
            if node.lineno <= line <= end:
                spans.append((node.lineno, end))
    # the innermost: the smallest span that contains the line (the bare line only when no statement does)
    return min(spans[1:] or spans, key=lambda s: s[1] - s[0])


def _changed_old_lines(old: bytes, new: bytes) -> Set[int]:
    import difflib

    lines: Set[int] = set()
    a, b = old.splitlines(), new.splitlines()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            lines.update(range(i1 + 1, i2 + 1) if i2 > i1 else (i1, i1 + 1))
    return lines


@dataclass
class Tally:
    locations: int = 0
    rewritten: int = 0
    reported: int = 0
    confirmed: int = 0
    new: int = 0
    outside: int = 0

    def describe(self) -> str:
        return (
            f"warnings log: {self.locations} warnings, {self.rewritten} rewritten by this run, {self.reported} "
            f"reported by it ({self.confirmed} of them confirmed), {self.new} new findings, "
            f"{self.outside} outside the paths of this run"
        )


def apply_log(
    warned: Sequence[Warned],
    results: Sequence[FileResult],
    real_paths: Dict[str, str],  # display -> real path of every file of the run
    base: str,
) -> Tally:
    """Add the log's findings to ``results`` (in place); relative paths in the log are relative to ``base``."""
    by_real = {os.path.realpath(real): display for display, real in real_paths.items()}
    results_by_display = {r.display: r for r in results}
    tally = Tally(locations=len(warned))
    trees: Dict[str, Tuple[bytes, Optional[ast.AST]]] = {}
    for w in warned:
        real = os.path.realpath(w.path if os.path.isabs(w.path) else os.path.join(base, w.path))
        display = by_real.get(real)
        result = results_by_display.get(display) if display is not None else None
        if result is None:
            tally.outside += 1
            continue
        if display not in trees:
            data = result.old if result.old is not None else _read(real)
            try:
                tree: Optional[ast.AST] = ast.parse(data)
            except (SyntaxError, ValueError):
                tree = None
            trees[display] = (data, tree)
        data, tree = trees[display]
        first, last = _statement_span(tree, w.line)
        if result.changed and result.old is not None and result.new is not None:
            if any(first <= n <= last for n in _changed_old_lines(result.old, result.new)):
                tally.rewritten += 1
                continue
        here = [i for i, f in enumerate(result.findings) if first <= f.line <= last and f.rule_id != RULE_ID]
        if here:
            tally.reported += 1
            for i in here:
                f = result.findings[i]
                if f.fix_available and "confirmed by the warnings log" not in f.message:
                    result.findings[i] = replace(
                        f, message=f"{f.message}; confirmed by the warnings log: SQLAlchemy warned here ({w.category})"
                    )
                    tally.confirmed += 1
            continue
        tally.new += 1
        lines = data.splitlines()
        text = lines[w.line - 1].decode("utf-8", "replace") if 0 < w.line <= len(lines) else ""
        col = len(text) - len(text.lstrip()) + 1
        finding = Finding(display, w.line, col, RULE_ID, f"{w.text()} (from the warnings log; no codemod rewrites it)", code=w.code)
        result.findings.extend(attach_source([finding], data))
        result.findings.sort()
    return tally


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return b""
