"""The `sqla-upgrade` command line: `run`, `report`, `list`, `explain`.

Streams: the diff (``--dry-run``) and the rewritten code (``-``) go to standard output, so they can be piped
to ``git apply`` or a file; findings, errors and the closing summary go to standard error.
Exit status: 0 nothing to change and no findings; 1 files changed (or would change) or findings reported;
2 usage error or a file could not be processed; 130 interrupted. Machine-read formats (json, sarif) and
github annotations go to standard output (see view.py and output.py).
"""

from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple

import click

from sqla_upgrade.alembic_project import batch_decision, real_path, script_dir_of
from sqla_upgrade.codemod import ALLOW_UNMAPPED_ON, TARGETS
from sqla_upgrade.codemods import BY_ID, CODEMODS
from sqla_upgrade.config import ConfigError
from sqla_upgrade.findings import FileError, attach_source
from sqla_upgrade.guard import MAX_FILE_BYTES, call_deep
from sqla_upgrade.output import DOCUMENT_FORMATS, FORMATS, NON_CODEMOD_FINDINGS, Progress
from sqla_upgrade.pipeline import process_bytes
from sqla_upgrade.project import Project, enabled_codemods
from sqla_upgrade.report import build_report, render_html, render_markdown
from sqla_upgrade.runner import FileResult
from sqla_upgrade.files import Target
from sqla_upgrade.view import EXIT_CLEAN, View, is_tty

# enabled_codemods is imported from here by the tests and bench/
__all__ = ["main", "enabled_codemods"]
from sqla_upgrade.warnings_log import Tally, apply_log, parse_log


def alembic_decisions(targets, mode: str) -> List[str]:
    """One line per Alembic project among ``targets``: does it get batch mode, and why. Informational:
    not a finding, no effect on the exit status."""
    seen = {}
    for t in targets:
        parts = t.display.replace("\\", "/").split("/")
        if "versions" not in parts[:-1] and parts[-1] != "env.py":
            continue
        path = real_path(t.display)
        script_dir = script_dir_of(path) if path else None
        if script_dir is None or script_dir in seen:
            continue
        seen[script_dir] = batch_decision(t.display, mode)
    lines = []
    for script_dir, (on, why) in sorted(seen.items()):
        shown = os.path.relpath(script_dir)
        shown = script_dir if shown.startswith("..") else shown
        lines.append(f"sqla-upgrade: alembic project {shown}: batch mode {'on' if on else 'off'} ({why})")
    return lines


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sqla-upgrade")
def main() -> None:
    """Migrate code from SQLAlchemy 1.3/1.4 to 2.0 (and 2.1)."""


# The options `run` and `report` share: which codemods, with which target, over which files.
_SHARED_OPTIONS = [
    click.option("--select", "select_", multiple=True, metavar="ID[,ID]", help="Only these codemods (replaces the configured selection)."),
    click.option("--extend-select", multiple=True, metavar="ID[,ID]", help="These codemods too."),
    click.option("--ignore", multiple=True, metavar="ID[,ID]", help="Not these codemods (on top of the configured ignores)."),
    click.option("--extend-ignore", multiple=True, metavar="ID[,ID]", help="Same as --ignore."),
    click.option(
        "--target",
        type=click.Choice(TARGETS),
        default=None,
        help="SQLAlchemy version the output must run on (default 2.0); 2.1 enables codemods whose output needs 2.1.",
    ),
    click.option(
        "--unsafe-fixes/--no-unsafe-fixes",
        default=None,
        help="Also apply fixes that are right only in the common case (--no-unsafe-fixes overrides the configuration).",
    ),
    click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores; 1 = in-process)."),
    click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB (repeatable), relative to the working directory."),
    click.option(
        "--force-exclude/--no-force-exclude",
        default=None,
        help="Apply the excludes and .gitignore to files named on the command line too (the pre-commit hook does).",
    ),
    click.option(
        "--respect-gitignore/--no-respect-gitignore", default=None, help="Skip files .gitignore ignores (default: on)."
    ),
    click.option(
        "--alembic-batch",
        type=click.Choice(["auto", "sqlite", "always", "never"]),
        default="auto",
        help="Alembic batch mode (env.py render_as_batch, migration scripts): always, decided from the connection "
        "(sqlite), never, or (auto) when the project names a SQLite URL.",
    ),
    click.option(
        "--allow-unmapped-on",
        type=click.Choice(ALLOW_UNMAPPED_ON),
        default=None,
        help="Where allow-unmapped puts __allow_unmapped__ = True: on each class that needs it (class, the "
        "default) or once on the project's declarative base (base).",
    ),
]


def _shared_options(f: Callable) -> Callable:
    for option in reversed(_SHARED_OPTIONS):
        f = option(f)
    return f


@main.command("run")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--dry-run", is_flag=True, help="Print a unified diff instead of writing files.")
@_shared_options
@click.option("--color/--no-color", default=None, help="Colour the diff (default: only on a terminal; NO_COLOR and FORCE_COLOR are honoured).")
@click.option("--stdin-filename", metavar="PATH", default=None, help="With -: the file standard input stands for (configuration, excludes, paths in findings).")
@click.option("--report-unused-skips", is_flag=True, help="Report every skip comment that suppressed nothing.")
@click.option(
    "--output-format",
    type=click.Choice(FORMATS),
    default="text",
    help="Findings and errors as text (with the source line), concise (one line each), json or sarif "
    "(a document on standard output, instead of the diff) or github (workflow annotations on standard output).",
)
@click.option("--statistics", is_flag=True, help="Print, per codemod, the files rewritten, the findings and how many --unsafe-fixes would fix.")
@click.option("--exit-zero", is_flag=True, help="Findings alone do not make the exit status 1.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings and errors only: no rewrote lines, progress or summary.")
@click.option(
    "--warnings-log", type=click.Path(exists=True, dir_okay=False), default=None,
    help="The output of a test run under SQLALCHEMY_WARN_20=1 python -W always::DeprecationWarning: report the "
    "warned locations this run neither rewrites nor reports.",
)
def run_command(
    paths: Tuple[str, ...],
    dry_run: bool,
    select_: Tuple[str, ...],
    extend_select: Tuple[str, ...],
    ignore: Tuple[str, ...],
    extend_ignore: Tuple[str, ...],
    target: Optional[str],
    unsafe_fixes: Optional[bool],
    jobs: Optional[int],
    exclude: Tuple[str, ...],
    force_exclude: Optional[bool],
    respect_gitignore: Optional[bool],
    alembic_batch: str,
    allow_unmapped_on: Optional[str],
    color: Optional[bool],
    stdin_filename: Optional[str],
    report_unused_skips: bool,
    output_format: str,
    statistics: bool,
    exit_zero: bool,
    quiet: bool,
    warnings_log: Optional[str],
) -> None:
    """Rewrite PATHS in place (files, folders, or - for standard input)."""
    started = time.perf_counter()
    if not paths:
        raise click.UsageError("give at least one path (a file, a folder, or - for standard input)")
    if stdin_filename is not None and paths != ("-",):
        raise click.UsageError("--stdin-filename goes with - (standard input) alone")
    project = Project(
        select_, extend_select, ignore, extend_ignore, target, unsafe_fixes, exclude, force_exclude,
        respect_gitignore, alembic_batch, report_unused_skips, allow_unmapped_on,
    )
    settings = project.settings
    view = View(output_format, dry_run, quiet, exit_zero, statistics, color)

    if "-" in paths:
        if len(paths) > 1:
            raise click.UsageError("- (standard input) cannot be combined with other paths")
        if output_format in DOCUMENT_FORMATS and not dry_run:
            raise click.UsageError(
                f"--output-format {output_format} prints to standard output, where - writes the code: add --dry-run"
            )
        settings.say_declared_target(quiet or output_format in DOCUMENT_FORMATS)
        try:
            sys.exit(_run_stdin(project, stdin_filename, view))
        except ConfigError as exc:
            raise click.UsageError(str(exc)) from None

    targets, missing, jobs_by_group = project.plan(paths, write=not dry_run)
    settings.say_declared_target(quiet or output_format in DOCUMENT_FORMATS)
    if not quiet and output_format not in DOCUMENT_FORMATS:
        for job, group in jobs_by_group:
            if any(c.ID == "alembic-batch-ops" for c in job.codemods):
                for line in alembic_decisions(group, job.options.alembic_batch):
                    click.echo(line, err=True)
    progress = Progress(len(targets), enabled=not quiet and is_tty(sys.stderr))
    results = project.run(jobs_by_group, jobs, progress)
    errors = [FileError(m.display, m.message) for m in missing]
    errors += [FileError(r.display, r.error) for r in results if r.error]
    if warnings_log is not None:
        tally = _apply_warnings_log(warnings_log, results, targets)
        if not quiet and output_format not in DOCUMENT_FORMATS:
            click.echo(f"sqla-upgrade: {tally.describe()}", err=True)
    sys.exit(view.finish(results, sorted(errors, key=lambda e: e.path), time.perf_counter() - started))


def _apply_warnings_log(path: str, results: List[FileResult], targets: Sequence[Target]) -> Tally:
    if "-" in [t.display for t in targets]:
        raise click.UsageError("--warnings-log needs files, not standard input")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError as exc:
        raise click.UsageError(f"--warnings-log: cannot read {path}: {exc.strerror or exc}") from None
    return apply_log(parse_log(text), results, {t.display: t.real for t in targets}, os.getcwd())


def _run_stdin(project: Project, stdin_filename: Optional[str], view: View) -> int:
    # The limits a file on disk has (guard.py): at most MAX_FILE_BYTES, processed on the deep stack.
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    display = stdin_filename if stdin_filename is not None else "-"
    if len(data) > MAX_FILE_BYTES:
        # Too large to migrate: an editor or a pipe still gets back exactly what it sent, streamed.
        if not view.dry_run:
            sys.stdout.buffer.write(data)
            for chunk in iter(lambda: sys.stdin.buffer.read(1 << 20), b""):
                sys.stdout.buffer.write(chunk)
            sys.stdout.flush()
        error = f"file too large (more than {MAX_FILE_BYTES / 1e6:.1f} MB); left as it was"
        view.findings([], [FileError(display, error)])
        return view.status(False, False, True)
    if stdin_filename is not None:
        config = project.resolver.for_path(Path(stdin_filename))
        if project.excluded(stdin_filename):
            # An editor hands every buffer over: an excluded one comes back as it was.
            if not view.dry_run:
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            return EXIT_CLEAN
    else:
        config = project.resolver.for_folder(Path.cwd())
    codemods, options = project.settings.options_for(config)
    outcome = call_deep(process_bytes, display, data, codemods, options)
    if outcome.new_data is not None:
        view.diff(data, outcome.new_data, display)
    if not view.dry_run:
        sys.stdout.buffer.write(outcome.new_data if outcome.new_data is not None else data)
        sys.stdout.flush()
    errors = [FileError(display, outcome.error)] if outcome.error else []
    findings = attach_source(outcome.findings, data)
    if view.fmt in DOCUMENT_FORMATS:
        result = FileResult(display, changed=outcome.new_data is not None, findings=findings, error=outcome.error)
        view.document([result], errors)
    else:
        view.findings(findings, errors)
    return view.status(outcome.new_data is not None, bool(outcome.findings), bool(errors))


@main.command("report")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--output", "-o", "output", required=True, type=click.Path(dir_okay=False),
    help="The report to write: report.html (one static page) or report.md (Markdown).",
)
@click.option(
    "--warnings-log", type=click.Path(exists=True, dir_okay=False), default=None,
    help="As for run: the warned locations no codemod handles become items to migrate by hand.",
)
@_shared_options
def report_command(
    paths: Tuple[str, ...],
    output: str,
    warnings_log: Optional[str],
    select_: Tuple[str, ...],
    extend_select: Tuple[str, ...],
    ignore: Tuple[str, ...],
    extend_ignore: Tuple[str, ...],
    target: Optional[str],
    unsafe_fixes: Optional[bool],
    jobs: Optional[int],
    exclude: Tuple[str, ...],
    force_exclude: Optional[bool],
    respect_gitignore: Optional[bool],
    alembic_batch: str,
    allow_unmapped_on: Optional[str],
) -> None:
    """Write a migration report for PATHS: what a run would rewrite and what is left to do by hand, per
    codemod and per folder (nothing else is written)."""
    if not paths:
        raise click.UsageError("give at least one path (a file or a folder)")
    if "-" in paths:
        raise click.UsageError("report reads files, not standard input")
    suffix = os.path.splitext(output)[1].lower()
    if suffix not in (".html", ".htm", ".md", ".markdown"):
        raise click.UsageError(f"--output: {output}: the name must end in .html or .md")
    project = Project(
        select_, extend_select, ignore, extend_ignore, target, unsafe_fixes, exclude, force_exclude,
        respect_gitignore, alembic_batch, allow_unmapped_on=allow_unmapped_on,
    )
    targets, missing, planned = project.plan(paths, write=False)
    project.settings.say_declared_target(False)
    results = project.run(planned, jobs, Progress(len(targets), enabled=is_tty(sys.stderr)))
    errors = [FileError(m.display, m.message) for m in missing]
    errors += [FileError(r.display, r.error) for r in results if r.error]
    if warnings_log is not None:
        click.echo(f"sqla-upgrade: {_apply_warnings_log(warnings_log, results, targets).describe()}", err=True)
    codemods, options = project.settings.options_for(project.base)
    report = build_report(paths, results, sorted(errors, key=lambda e: e.path), CODEMODS, options.target, options.unsafe_fixes)
    text = render_html(report) if suffix in (".html", ".htm") else render_markdown(report)
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    for e in errors:
        click.echo(e.format(), err=True)
    click.echo(
        f"sqla-upgrade: wrote {output}: {len(results)} files scanned, {len(report.rewritten)} to rewrite, "
        f"{len(report.manual)} items by hand, {len(errors)} errors",
        err=True,
    )


@main.command("list")
def list_command() -> None:
    """List every codemod: id, safety, error code, minimum target and summary."""
    width = max(len(c.ID) for c in CODEMODS)
    for c in CODEMODS:
        code = c.ERROR_CODE or "-"
        click.echo(f"{c.ID:<{width}}  {c.SAFETY.value:<11}  {code:<4}  {c.MIN_TARGET}  {c.SUMMARY}")


@main.command("explain")
@click.argument("codemod_id")
def explain_command(codemod_id: str) -> None:
    """Describe one codemod, with its before/after examples (or a finding that comes from no codemod)."""
    if codemod_id in NON_CODEMOD_FINDINGS:
        click.echo(NON_CODEMOD_FINDINGS[codemod_id])
        return
    codemod = BY_ID.get(codemod_id)
    if codemod is None:
        raise click.UsageError(f"unknown codemod id {codemod_id!r} (see `sqla-upgrade list`)")
    module_doc = sys.modules[codemod.__module__].__doc__ or ""
    click.echo(f"{codemod.ID}: {codemod.SUMMARY}")
    click.echo(f"safety: {codemod.SAFETY.value}")
    if codemod.ERROR_CODE:
        click.echo(f"error code: {codemod.ERROR_CODE} (https://sqlalche.me/e/20/{codemod.ERROR_CODE})")
    click.echo(f"minimum --target: {codemod.MIN_TARGET}")
    click.echo("")
    click.echo(textwrap.dedent(module_doc).strip())
    for i, ex in enumerate(codemod.EXAMPLES, 1):
        click.echo("")
        label = " (unsafe fix: applied with --unsafe-fixes)" if ex.unsafe else ""
        click.echo(f"Example {i}{label}:")
        click.echo("  before:")
        click.echo(textwrap.indent(ex.before.rstrip("\n"), "    "))
        click.echo("  after:")
        click.echo(textwrap.indent(ex.after.rstrip("\n"), "    "))
