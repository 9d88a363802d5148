"""The `sqla-upgrade` command line: `run`, `list`, `explain`.

Streams: the diff (``--dry-run``) and the rewritten code (``-``) go to standard output, so they can be piped
to ``git apply`` or a file; findings, errors and the closing summary go to standard error.
Exit status: 0 nothing to change and no findings; 1 files changed (or would change) or findings reported;
2 usage error or a file could not be processed.
"""

from __future__ import annotations

import os
import sys
import textwrap
import time
from typing import List, Optional, Sequence, Tuple, Type

import click

from sqla_upgrade.alembic_project import batch_decision, real_path, script_dir_of
from sqla_upgrade.codemod import TARGETS, RunOptions, SqlaCodemod
from sqla_upgrade.codemods import BY_ID, CODEMODS
from sqla_upgrade.config import ConfigError, load_config
from sqla_upgrade.diff import unified_diff
from sqla_upgrade.files import discover
from sqla_upgrade.findings import FileError
from sqla_upgrade.pipeline import process_bytes
from sqla_upgrade.runner import FileResult, Job, default_jobs, run_targets

EXIT_CLEAN, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


def _ids(values: Sequence[str]) -> List[str]:
    out: List[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _check_ids(ids: Sequence[str], option: str) -> None:
    unknown = [i for i in ids if i not in BY_ID]
    if unknown:
        raise click.UsageError(
            f"{option}: unknown codemod id(s): {', '.join(unknown)} (see `sqla-upgrade list`)"
        )


def enabled_codemods(options: RunOptions) -> Tuple[Type[SqlaCodemod], ...]:
    """The codemods this run applies, in application order."""
    chosen = []
    for c in CODEMODS:
        if options.select is not None and c.ID not in options.select:
            continue
        if c.ID in options.ignore:
            continue
        if TARGETS.index(c.MIN_TARGET) > TARGETS.index(options.target):
            continue
        chosen.append(c)
    return tuple(chosen)


def alembic_decisions(targets, mode: str) -> List[str]:
    """One line per Alembic project among ``targets``: does it get batch mode, and why. Informational:
    not a finding, no effect on the exit status."""
    seen = {}
    for t in targets:
        if "versions" not in t.display.replace("\\", "/").split("/"):
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


@main.command("run")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--dry-run", is_flag=True, help="Print a unified diff instead of writing files.")
@click.option("--select", "select_", multiple=True, metavar="ID[,ID]", help="Only these codemods.")
@click.option("--ignore", multiple=True, metavar="ID[,ID]", help="Not these codemods.")
@click.option(
    "--target",
    type=click.Choice(TARGETS),
    default=None,
    help="SQLAlchemy version the output must run on (default 2.0); 2.1 enables codemods whose output needs 2.1.",
)
@click.option("--unsafe-fixes", is_flag=True, default=None, help="Also apply fixes that are right only in the common case.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores; 1 = in-process).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB (repeatable).")
@click.option(
    "--alembic-batch",
    type=click.Choice(["auto", "sqlite", "always", "never"]),
    default="auto",
    help="Alembic batch mode (env.py render_as_batch, migration scripts): always, decided from the connection (sqlite), never, or (auto) when the project names a SQLite URL.",
)
@click.option("--color/--no-color", default=None, help="Colour the diff (default: only on a terminal).")
def run_command(
    paths: Tuple[str, ...],
    dry_run: bool,
    select_: Tuple[str, ...],
    ignore: Tuple[str, ...],
    target: Optional[str],
    unsafe_fixes: Optional[bool],
    jobs: Optional[int],
    exclude: Tuple[str, ...],
    alembic_batch: str,
    color: Optional[bool],
) -> None:
    """Rewrite PATHS in place (files, folders, or - for standard input)."""
    started = time.perf_counter()
    if not paths:
        raise click.UsageError("give at least one path (a file, a folder, or - for standard input)")
    try:
        config = load_config()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None

    select_ids = _ids(select_) if select_ else config.select
    ignore_ids = _ids(ignore) if ignore else list(config.ignore)
    if select_ids is not None:
        _check_ids(select_ids, "--select")
    _check_ids(ignore_ids, "--ignore")
    target = target or config.target or "2.0"
    if target not in TARGETS:
        raise click.UsageError(f"target must be one of {', '.join(TARGETS)}, not {target!r}")
    options = RunOptions(
        unsafe_fixes=bool(unsafe_fixes if unsafe_fixes is not None else config.unsafe_fixes),
        target=target,
        select=tuple(select_ids) if select_ids is not None else None,
        ignore=tuple(ignore_ids),
        alembic_batch=alembic_batch,
    )
    codemods = enabled_codemods(options)

    if "-" in paths:
        if len(paths) > 1:
            raise click.UsageError("- (standard input) cannot be combined with other paths")
        sys.exit(_run_stdin(codemods, options))

    targets, missing = discover(paths, tuple(config.exclude) + exclude)
    if any(c.ID == "alembic-batch-ops" for c in codemods):
        for line in alembic_decisions(targets, options.alembic_batch):
            click.echo(line, err=True)
    job = Job(codemods=codemods, options=options, write=not dry_run)
    results = run_targets(targets, job, jobs or default_jobs())

    use_color = color if color is not None else sys.stdout.isatty()
    errors = [FileError(m.display, m.message) for m in missing]
    for r in results:
        if dry_run and r.changed:
            assert r.old is not None and r.new is not None
            _write_diff(unified_diff(r.old, r.new, r.display), use_color)
        for f in r.findings:
            click.echo(f.format(), err=True)
        if r.error:
            errors.append(FileError(r.display, r.error))
    for e in sorted(errors, key=lambda e: e.path):
        click.echo(e.format(), err=True)

    n_findings = sum(len(r.findings) for r in results)
    n_fixable = sum(1 for r in results for f in r.findings if f.fix_available)
    n_changed = sum(1 for r in results if r.changed)
    n_skipped = sum(1 for r in results if r.skipped)
    changed_word = "would change" if dry_run else "changed"
    fixable = f" ({n_fixable} fixable with --unsafe-fixes)" if n_fixable else ""
    click.echo(
        f"sqla-upgrade: {len(results)} files scanned, {n_skipped} skipped by the pre-filter, "
        f"{n_changed} {changed_word}, {n_findings} findings{fixable}, {len(errors)} errors "
        f"in {time.perf_counter() - started:.2f}s",
        err=True,
    )
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_CHANGES if (n_changed or n_findings) else EXIT_CLEAN)


def _run_stdin(codemods: Tuple[Type[SqlaCodemod], ...], options: RunOptions) -> int:
    data = sys.stdin.buffer.read()
    outcome = process_bytes("-", data, codemods, options)
    sys.stdout.buffer.write(outcome.new_data if outcome.new_data is not None else data)
    sys.stdout.flush()
    for f in outcome.findings:
        click.echo(f.format(), err=True)
    if outcome.error:
        click.echo(FileError("-", outcome.error).format(), err=True)
        return EXIT_ERROR
    return EXIT_CHANGES if (outcome.new_data is not None or outcome.findings) else EXIT_CLEAN


def _write_diff(diff: bytes, color: bool) -> None:
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
    """Describe one codemod, with its before/after examples."""
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
