"""What `run` prints once the files are done, in the chosen --output-format, and its exit status."""

from __future__ import annotations

import sys
from typing import Dict, Optional, Sequence

import click

from sqla_upgrade.diff import unified_diff
from sqla_upgrade.findings import FileError, Finding
from sqla_upgrade.output import (
    DOCUMENT_FORMATS,
    finding_text,
    github_lines,
    json_document,
    sarif_document,
    statistics_lines,
    use_color,
    write_diff,
)
from sqla_upgrade.runner import FileResult

EXIT_CLEAN, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


def is_tty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


class View:
    """What the run prints once the files are done, in the chosen --output-format, and its exit status."""

    def __init__(
        self, fmt: str, dry_run: bool, quiet: bool, exit_zero: bool, statistics: bool, color: Optional[bool]
    ) -> None:
        self.fmt, self.dry_run, self.quiet = fmt, dry_run, quiet
        self.exit_zero, self.statistics, self.color = exit_zero, statistics, color

    def diff(self, old: bytes, new: bytes, path: str) -> None:
        if self.dry_run and self.fmt not in DOCUMENT_FORMATS:
            write_diff(unified_diff(old, new, path), use_color(self.color, sys.stdout))

    def findings(self, findings: Sequence[Finding], errors: Sequence[FileError]) -> None:
        if self.fmt == "github":
            for line in github_lines(findings, errors):
                click.echo(line)
            return
        colored = use_color(self.color, sys.stderr)
        for f in findings:
            if self.fmt == "text":
                click.echo(finding_text(f, colored), err=True, color=colored)
            else:
                click.echo(f.format(), err=True)
        for e in errors:
            click.echo(e.format(), err=True)

    def document(self, results: Sequence[FileResult], errors: Sequence[FileError]) -> None:
        findings = [f for r in results for f in r.findings]
        if self.fmt == "json":
            changed = [r.display for r in results if r.changed]
            click.echo(json_document(findings, errors, changed, self.dry_run, _counts(results, errors)), nl=False)
        else:
            click.echo(sarif_document(findings, errors, _version()), nl=False)

    def finish(self, results: Sequence[FileResult], errors: Sequence[FileError], elapsed: float) -> int:
        findings = [f for r in results for f in r.findings]
        changed = [r.display for r in results if r.changed]
        counts = _counts(results, errors)
        if self.fmt in DOCUMENT_FORMATS:
            self.document(results, errors)
        else:
            for r in results:
                if r.changed and r.old is not None and r.new is not None:
                    self.diff(r.old, r.new, r.display)
                if r.changed and not self.dry_run and not self.quiet:
                    click.echo(f"rewrote {r.display}", err=True)
            self.findings(findings, errors)
        if self.statistics:
            for line in statistics_lines(results, self.dry_run):
                click.echo(line, err=True)
        if not self.quiet:
            changed_word = "would change" if self.dry_run else "changed"
            fixable = counts["fixable_with_unsafe_fixes"]
            fixable_text = f" ({fixable} fixable with --unsafe-fixes)" if fixable else ""
            n_suppressed = counts["skipped_by_comment"]
            suppressed = f", {n_suppressed} skipped by a skip-file comment" if n_suppressed else ""
            click.echo(
                f"sqla-upgrade: {counts['files']} files scanned, {counts['skipped_by_prefilter']} skipped by the "
                f"pre-filter{suppressed}, {counts['changed']} {changed_word}, {counts['findings']} findings"
                f"{fixable_text}, {counts['errors']} errors in {elapsed:.2f}s",
                err=True,
            )
        return self.status(bool(changed), bool(findings), bool(errors))

    def status(self, changed: bool, findings: bool, errors: bool) -> int:
        if errors:
            return EXIT_ERROR
        return EXIT_CHANGES if changed or (findings and not self.exit_zero) else EXIT_CLEAN


def _counts(results: Sequence[FileResult], errors: Sequence[FileError]) -> Dict[str, int]:
    findings = [f for r in results for f in r.findings]
    return {
        "files": len(results),
        "skipped_by_prefilter": sum(1 for r in results if r.skipped),
        "skipped_by_comment": sum(1 for r in results if r.suppressed),
        "changed": sum(1 for r in results if r.changed),
        "findings": len(findings),
        "fixable_with_unsafe_fixes": sum(1 for f in findings if f.fix_available),
        "errors": len(errors),
    }


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("sqla-upgrade")
    except Exception:  # not installed (run from a source tree)
        return "0"
