"""`# sqla-upgrade: skip` comments: where they are honoured and what they leave alone.

- ``# sqla-upgrade: skip`` anywhere in a line's trailing comment (after ``# type: ignore``, followed by a
  reason) leaves the statement alone; ``skip[id,id]`` only for those codemods.
- On a compound statement's header line (``for``/``with``/``def``/``if``/...), only the header is left
  alone (the loop's iterable, the context managers, the decorators and signature), not the body.
- ``# sqla-upgrade: skip-file`` anywhere in the file's leading comments and module docstring.
"""

from __future__ import annotations

import difflib
import io
import re
import tokenize
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from sqla_upgrade.findings import Finding
from sqla_upgrade.source import decode_source

#: the statement is skipped by every codemod
ALL: FrozenSet[str] = frozenset({"*"})

# Only directly after a `#` (which may be the second one on the line), so prose that mentions the tool
# is not a directive; `skip-file` is not a statement skip.
_SKIP_RE = re.compile(r"#\s*sqla-upgrade:\s*skip(?:\[([^\]]*)\])?(?![\w\-\[])")
SKIP_FILE_RE = re.compile(rb"#\s*sqla-upgrade:\s*skip-file\b")
_MARK_RE = re.compile(rb"#\s*sqla-upgrade:\s*skip")


def has_skip_marks(data: bytes) -> bool:
    """Whether the file may hold statement skips at all (the codemods then check statements)."""
    return _MARK_RE.search(data) is not None


def skip_ids(comment: str) -> Optional[FrozenSet[str]]:
    """The codemods a comment's skip directive names (ALL for a bare ``skip``), or None."""
    match = _SKIP_RE.search(comment)
    if match is None:
        return None
    if match.group(1) is None:
        return ALL
    return frozenset(i.strip() for i in match.group(1).split(",") if i.strip())


def applies(ids: Optional[FrozenSet[str]], codemod_id: str) -> bool:
    return ids is not None and (ids is ALL or "*" in ids or codemod_id in ids)


class _Comments(cst.CSTVisitor):
    def __init__(self) -> None:
        self.ids: Optional[FrozenSet[str]] = None

    def visit_Comment(self, node: cst.Comment) -> None:
        found = skip_ids(node.value)
        if found is not None:
            self.ids = found if self.ids is None or found is ALL else (self.ids | found)


def _skip_in(nodes: Sequence[cst.CSTNode]) -> Optional[FrozenSet[str]]:
    finder = _Comments()
    for node in nodes:
        node.visit(finder)
    return finder.ids


# The parts of a compound statement that are not its header: its bodies and the clauses that have a
# header line of their own (elif/else/except/finally/case).
_NOT_HEADER = (cst.BaseSuite, cst.If, cst.Else, cst.ExceptHandler, cst.Finally, cst.EmptyLine)
_NOT_HEADER_NAMES = {"ExceptStarHandler", "MatchCase"}


def _header_comment_holder(node: cst.CSTNode) -> Optional[cst.CSTNode]:
    body = getattr(node, "body", None)
    if isinstance(body, cst.IndentedBlock):
        return body.header
    if isinstance(body, cst.SimpleStatementSuite):
        return body.trailing_whitespace
    if type(node).__name__ == "Match":
        return getattr(node, "whitespace_after_colon", None)
    return None


def skip_statement_ids(node: cst.CSTNode) -> Optional[FrozenSet[str]]:
    """The skip directive that governs ``node`` (a statement or a compound statement's header), or None.

    Checked on the node rather than by line number because earlier codemods may have moved lines; the
    comment lines above a statement (its leading_lines) do not count.
    """
    if isinstance(node, cst.SimpleStatementLine):
        return _skip_in([*node.body, node.trailing_whitespace])
    if isinstance(node, cst.Decorator):
        return _skip_in([node.decorator, node.trailing_whitespace])
    holder = _header_comment_holder(node)
    if holder is None or not isinstance(node, cst.BaseCompoundStatement) and not isinstance(
        node, (cst.Else, cst.ExceptHandler, cst.Finally)
    ):
        return None
    return _skip_in([holder, *header_parts(node)])


def header_parts(node: cst.CSTNode) -> List[cst.CSTNode]:
    """The children of a compound statement that make up its header line(s)."""
    parts = []
    for child in node.children:
        if isinstance(child, _NOT_HEADER) or type(child).__name__ in _NOT_HEADER_NAMES:
            continue
        if isinstance(child, (cst.BaseParenthesizableWhitespace, cst.TrailingWhitespace)):
            continue
        parts.append(child)
    body = getattr(node, "body", None)
    if isinstance(body, cst.SimpleStatementSuite):  # `if x: y  # skip`: the body shares the header line
        parts.append(body)
    return parts


_STATEMENTS = (
    cst.SimpleStatementLine, cst.Decorator, cst.BaseCompoundStatement, cst.Else, cst.ExceptHandler, cst.Finally
)


def skipped_parts(node: cst.CSTNode, codemod_id: str) -> List[cst.CSTNode]:
    """The nodes a codemod must leave alone because of a skip comment at ``node``: the statement itself,
    a compound statement's header parts, or nothing."""
    if not isinstance(node, _STATEMENTS):
        return []
    ids = skip_statement_ids(node)
    if not applies(ids, codemod_id):
        return []
    if isinstance(node, (cst.SimpleStatementLine, cst.Decorator)):
        return [node]
    return header_parts(node)


def first_comment_block(data: bytes) -> bytes:
    """The file's leading run of comment and blank lines."""
    out = []
    for line in data.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and not stripped.startswith(b"#"):
            break
        out.append(line)
    return b"".join(out)


def skips_file(data: bytes) -> bool:
    """Whether ``# sqla-upgrade: skip-file`` occurs in a comment of the file's leading area: the comments
    and blank lines before the first statement, the module docstring, and the comments after it."""
    if b"skip-file" not in data:
        return False
    docstring_seen = False
    ignorable = {tokenize.ENCODING, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    try:
        for tok in tokenize.tokenize(io.BytesIO(data).readline):
            if tok.type in ignorable:
                continue
            if tok.type == tokenize.COMMENT:
                if SKIP_FILE_RE.search(tok.string.encode("utf-8", "surrogateescape")):
                    return True
                continue
            if tok.type == tokenize.STRING and not docstring_seen:
                docstring_seen = True
                continue
            return False
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, LookupError):
        # Not tokenizable (the run reports it later): the plain leading comment block still counts.
        return SKIP_FILE_RE.search(first_comment_block(data)) is not None
    return False


# -- --report-unused-skips ----------------------------------------------------------------------------

UNUSED_SKIP_ID = "unused-skip"


class _SkipSites(cst.CSTVisitor):
    """Each skip comment: its position, the codemods it names and the lines of what it governs."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.sites: List[Tuple[int, int, FrozenSet[str], int, int]] = []  # line, col, ids, first, last

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, _STATEMENTS):
            ids = skip_statement_ids(node)
            if ids is not None:
                governed = [node] if isinstance(node, (cst.SimpleStatementLine, cst.Decorator)) else header_parts(node)
                comment = _first_skip_comment(node, governed)
                if comment is not None and governed:
                    where = self.get_metadata(PositionProvider, comment).start
                    first = self.get_metadata(PositionProvider, node).start.line
                    last = max(self.get_metadata(PositionProvider, g).end.line for g in governed)
                    last = max(last, where.line)
                    self.sites.append((where.line, where.column + 1, ids, first, last))
        return True


def _first_skip_comment(node: cst.CSTNode, governed: Sequence[cst.CSTNode]) -> Optional[cst.Comment]:
    found: List[cst.Comment] = []

    class Finder(cst.CSTVisitor):
        def visit_Comment(self, c: cst.Comment) -> None:
            if skip_ids(c.value) is not None:
                found.append(c)

    if isinstance(node, cst.SimpleStatementLine):
        parts: List[Optional[cst.CSTNode]] = [*node.body, node.trailing_whitespace]
    elif isinstance(node, cst.Decorator):
        parts = [node.decorator, node.trailing_whitespace]
    else:
        parts = [_header_comment_holder(node), *governed]
    for part in parts:
        if part is not None:
            part.visit(Finder())
    return found[0] if found else None


def _changed_lines(old: bytes, new: Optional[bytes]) -> Set[int]:
    if new is None:
        return set()
    a, b = old.splitlines(), new.splitlines()
    lines: Set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            lines.update(range(i1 + 1, i2 + 1) if i2 > i1 else (i1, i1 + 1))
    return lines


def unused_skips(path: str, data: bytes, codemods: Sequence[type], options: object, honoured: object) -> List[Finding]:
    """A finding for each skip comment that suppressed nothing: the file is run again with skip comments
    ignored (with only the codemods a ``skip[...]`` names), and a comment whose statement that run neither
    changes nor reports on is unused. Costs a second run, and only of files that hold skip comments."""
    from sqla_upgrade.pipeline import process_bytes  # the pipeline imports this module

    if getattr(honoured, "suppressed", False):
        free = process_bytes(path, data, codemods, options, honour_skips=False)  # type: ignore[arg-type]
        if free.new_data is not None or free.findings or free.error:
            return []
        line = next(
            i for i, text in enumerate(data.splitlines(), 1) if SKIP_FILE_RE.search(text)
        )
        return [Finding(path, line, 1, UNUSED_SKIP_ID, "this `sqla-upgrade: skip-file` suppressed nothing")]
    try:
        module = cst.parse_module(decode_source(data).text)
    except Exception:  # the run itself reports why the file cannot be parsed
        return []
    visitor = _SkipSites()
    MetadataWrapper(module, unsafe_skip_copy=True).visit(visitor)
    out: List[Finding] = []
    by_ids: Dict[FrozenSet[str], List[Tuple[int, int, FrozenSet[str], int, int]]] = {}
    for site in visitor.sites:
        by_ids.setdefault(site[2], []).append(site)
    for ids, sites in by_ids.items():
        chosen = [c for c in codemods if applies(ids, c.ID)]  # type: ignore[attr-defined]
        free = process_bytes(path, data, chosen, options, honour_skips=False)  # type: ignore[arg-type]
        touched = _changed_lines(data, free.new_data) | {f.line for f in free.findings}
        for line, col, _, first, last in sites:
            if not any(first <= t <= last for t in touched):
                named = "skip" if ids is ALL else f"skip[{','.join(sorted(ids))}]"
                out.append(Finding(path, line, col, UNUSED_SKIP_ID, f"this `sqla-upgrade: {named}` suppressed nothing"))
    return out
