"""How a run talks to the user: colour, the diff on standard output, findings and errors on standard error."""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.parse
from typing import IO, Dict, Iterable, List, Mapping, Optional, Sequence

import click

from sqla_upgrade.findings import DOCS_URL, FileError, Finding
from sqla_upgrade.runner import FileResult


def use_color(flag: Optional[bool], stream: IO, environ: Mapping[str, str] = os.environ) -> bool:
    """``--color/--no-color`` first, then NO_COLOR (no-color.org: set and not empty), then FORCE_COLOR,
    then whether ``stream`` is a terminal."""
    if flag is not None:
        return flag
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def write_diff(diff: bytes, color: bool) -> None:
    if not color:
        sys.stdout.buffer.write(diff)
        sys.stdout.flush()
        return
    for line in diff.decode("utf-8", "surrogateescape").splitlines(keepends=True):
        text = line.rstrip("\n")
        if line.startswith(("+++", "---")):
            styled = click.style(text, bold=True)
        elif line.startswith(("+", "-", "@@")):
            styled = click.style(text, fg={"+": "green", "-": "red", "@": "cyan"}[line[0]])
        else:
            styled = text
        click.echo(styled, color=True)


# -- findings and errors, in each --output-format ---------------------------------------------------------
# text and concise go to standard error (standard output keeps the diff or the code); json and sarif are
# documents a machine reads, so they go to standard output alone (no diff is printed with them); github
# workflow commands go to standard output, where the runner reads them, as ruff prints them.

FORMATS = ("text", "concise", "json", "github", "sarif")
DOCUMENT_FORMATS = ("json", "sarif")


def finding_text(f: Finding, color: bool = False) -> str:
    """A finding as the text format shows it: the one line, then the source line with a caret under the
    column, then where to read more."""
    head = f.format()
    if color:
        location = f"{f.path}:{f.line}:{f.col}:"
        rest = head[len(location) + 1 + len(f.rule_id) :]
        head = f"{click.style(location, bold=True)} {click.style(f.rule_id, fg='red')}{rest}"
    lines = [head]
    if f.source:
        number = str(f.line)
        gutter = " " * len(number)
        source = f.source.expandtabs(1)  # one column per character, as the caret counts them
        lines += [
            f"{gutter} |",
            f"{number} | {source}",
            f"{gutter} | {' ' * (f.col - 1)}" + (click.style("^", fg="red") if color else "^"),
        ]
    if f.rule_id in _explainable():  # the docs link, when there is one, ends the first line
        lines.append(f"{' ' * len(str(f.line))} = help: `sqla-upgrade explain {f.rule_id}`")
    return "\n".join(lines) + "\n"


# Findings that come from no codemod, and what `sqla-upgrade explain ID` says about them.
NON_CODEMOD_FINDINGS = {
    "unused-skip": (
        "unused-skip: a `# sqla-upgrade: skip` (or skip[...], skip-file) comment that suppressed nothing "
        "(reported with --report-unused-skips)\n\n"
        "The file was run again with its skip comments ignored: no codemod the comment names would change or "
        "report anything in the statement (or, for skip-file, the file) it governs. Remove the comment, or "
        "narrow skip[...] to the codemods that still act there."
    ),
    "runtime-warning": (
        "runtime-warning: SQLAlchemy warned at this line in the run given to --warnings-log, and no codemod "
        "rewrites or reports it\n\n"
        "The text is SQLAlchemy's own (RemovedIn20Warning, MovedIn20Warning or LegacyAPIWarning); the link is "
        "the one the warning names. Migrate the line by hand."
    ),
}


def _explainable() -> Sequence[str]:
    from sqla_upgrade.codemods import BY_ID

    return (*BY_ID, *NON_CODEMOD_FINDINGS)


def github_lines(findings: Iterable[Finding], errors: Iterable[FileError]) -> List[str]:
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return escape(text).replace(":", "%3A").replace(",", "%2C")

    out = []
    for f in findings:
        message = f.message + (" [fix available with --unsafe-fixes]" if f.fix_available else "")
        if f.url:
            message += f" ({f.url})"
        out.append(
            f"::warning title={prop('sqla-upgrade (' + f.rule_id + ')')},file={prop(f.path)},"
            f"line={f.line},col={f.col}::{escape(f.rule_id + ' ' + message)}"
        )
    for e in errors:
        out.append(f"::error title=sqla-upgrade,file={prop(e.path)}::{escape(e.message)}")
    return out


def json_document(
    findings: Sequence[Finding], errors: Sequence[FileError], changed: Sequence[str], dry_run: bool, counts: Dict[str, int]
) -> str:
    doc = {
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.col,
                "codemod": f.rule_id,
                "message": f.message,
                "error_code": f.code,
                "url": f.url,
                "fix_available": f.fix_available,
                "source": f.source,
            }
            for f in findings
        ],
        "errors": [{"path": e.path, "message": e.message} for e in errors],
        ("would_change" if dry_run else "changed"): list(changed),
        "summary": counts,
    }
    return json.dumps(doc, indent=2) + "\n"


def sarif_document(findings: Sequence[Finding], errors: Sequence[FileError], version: str) -> str:
    """SARIF 2.1.0, as GitHub code scanning takes it: one rule per codemod, paths relative to the
    repository root (%SRCROOT%), errors as tool execution notifications."""
    from sqla_upgrade.codemods import CODEMODS
    from sqla_upgrade.suppress import UNUSED_SKIP_ID

    rules = []
    for c in CODEMODS:
        rule = {
            "id": c.ID,
            "name": "".join(part.title() for part in c.ID.split("-")),
            "shortDescription": {"text": c.SUMMARY},
            "fullDescription": {"text": c.SUMMARY},
            "help": {"text": f"Run `sqla-upgrade explain {c.ID}` for before/after examples."},
            "properties": {"safety": c.SAFETY.value, "minimum-target": c.MIN_TARGET},
        }
        if c.ERROR_CODE:
            rule["helpUri"] = DOCS_URL.format(code=c.ERROR_CODE)
        rules.append(rule)
    rules.append(
        {
            "id": UNUSED_SKIP_ID,
            "name": "UnusedSkip",
            "shortDescription": {"text": "A sqla-upgrade skip comment that suppressed nothing"},
        }
    )
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for f in findings:
        text = f.message + (" [fix available with --unsafe-fixes]" if f.fix_available else "")
        result = {
            "ruleId": f.rule_id,
            "level": "warning",
            "message": {"text": text},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.col},
                    }
                }
            ],
        }
        if f.rule_id in index:
            result["ruleIndex"] = index[f.rule_id]
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(e.path), "uriBaseId": "%SRCROOT%"}}}],
        }
        for e in errors
    ]
    run = {
        "tool": {
            "driver": {
                "name": "sqla-upgrade",
                "version": version,
                "rules": rules,
            }
        },
        "invocations": [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}],
        "results": results,
    }
    doc = {
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(doc, indent=2) + "\n"


def _uri(path: str) -> str:
    return urllib.parse.quote(path.replace(os.sep, "/"))


def statistics_lines(results: Sequence[FileResult], dry_run: bool) -> List[str]:
    """Per codemod: files it rewrote (or would), findings it reported, and how many of those an
    --unsafe-fixes run would fix; most active first."""
    rewritten: Dict[str, int] = {}
    reported: Dict[str, int] = {}
    fixable: Dict[str, int] = {}
    for r in results:
        if r.changed:
            for cid in set(r.changed_by):
                rewritten[cid] = rewritten.get(cid, 0) + 1
        for f in r.findings:
            reported[f.rule_id] = reported.get(f.rule_id, 0) + 1
            if f.fix_available:
                fixable[f.rule_id] = fixable.get(f.rule_id, 0) + 1
    ids = sorted(set(rewritten) | set(reported), key=lambda i: (-(rewritten.get(i, 0) + reported.get(i, 0)), i))
    if not ids:
        return []
    width = max(len(i) for i in ids + ["codemod"])
    word = "would rewrite" if dry_run else "rewrote"
    out = [f"{'codemod':<{width}}  {word + ' (files)':>21}  {'findings':>8}  {'fixable with --unsafe-fixes':>27}"]
    for i in ids:
        out.append(f"{i:<{width}}  {rewritten.get(i, 0):>21}  {reported.get(i, 0):>8}  {fixable.get(i, 0):>27}")
    return out


class Progress:
    """A one-line progress bar on standard error, drawn only when it is a terminal: files done of the
    total, with the changes and findings so far. Redrawn at most ten times a second."""

    WIDTH = 24

    def __init__(self, total: int, enabled: bool, stream: Optional[IO] = None) -> None:
        self.total, self.enabled = total, enabled and total > 0
        self.stream = stream or sys.stderr
        self.done = self.changes = self.findings = 0
        self._drawn = 0.0

    def update(self, batch: Sequence[FileResult]) -> None:
        self.done += len(batch)
        self.changes += sum(1 for r in batch if r.changed)
        self.findings += sum(len(r.findings) for r in batch)
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= 0.1 or self.done == self.total):
            self._drawn = now
            filled = self.WIDTH * self.done // self.total
            bar = "=" * filled + (">" if filled < self.WIDTH else "") + " " * (self.WIDTH - filled - 1)
            self.stream.write(
                f"\r[{bar[: self.WIDTH]}] {self.done}/{self.total} files, {self.changes} changes, "
                f"{self.findings} findings"
            )
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[K")  # the bar leaves no trace before what is printed next
            self.stream.flush()
