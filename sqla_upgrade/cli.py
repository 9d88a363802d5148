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
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Type

import click

from sqla_upgrade.codemod import TARGETS, RunOptions, SqlaCodemod
from sqla_upgrade.codemods import BY_ID, CODEMODS
from sqla_upgrade.config import Config, ConfigError, ConfigResolver, selected_ids
from sqla_upgrade.diff import unified_diff
from sqla_upgrade.files import ExcludeRules, Missing, Target, discover, path_excluded
from sqla_upgrade.findings import FileError, Finding, attach_source
from sqla_upgrade.output import (
    DOCUMENT_FORMATS,
    FORMATS,
    Progress,
    finding_text,
    github_lines,
    json_document,
    sarif_document,
    statistics_lines,
    use_color,
    write_diff,
)
from sqla_upgrade.report import build_report, render_html, render_markdown
from sqla_upgrade.target import Declared, declared_target
from sqla_upgrade.warnings_log import Tally, apply_log, parse_log
from sqla_upgrade.pipeline import process_bytes
from sqla_upgrade.runner import FileResult, Job, default_jobs, run_targets

EXIT_CLEAN, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command that Ctrl-C stopped


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
        type=click.Choice(["auto", "sqlite", "always"]),
        default="auto",
        help="Alembic env.py: add render_as_batch=True always, only for SQLite URLs, or (auto) when the project names a SQLite URL.",
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
    project = _Project(
        select_, extend_select, ignore, extend_ignore, target, unsafe_fixes, exclude, force_exclude,
        respect_gitignore, alembic_batch, report_unused_skips,
    )
    settings, resolver = project.settings, project.resolver
    view = _View(output_format, dry_run, quiet, exit_zero, statistics, color)

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
    progress = Progress(len(targets), enabled=not quiet and _is_tty(sys.stderr))
    results = project.run(jobs_by_group, jobs, progress)
    errors = [FileError(m.display, m.message) for m in missing]
    errors += [FileError(r.display, r.error) for r in results if r.error]
    if warnings_log is not None:
        tally = _apply_warnings_log(warnings_log, results, targets)
        if not quiet and output_format not in DOCUMENT_FORMATS:
            click.echo(f"sqla-upgrade: {tally.describe()}", err=True)
    sys.exit(view.finish(results, sorted(errors, key=lambda e: e.path), time.perf_counter() - started))


class _Project:
    """The command line's selection, target and exclude options over the projects' configurations: which
    files a run takes, and with which codemods and options each."""

    def __init__(
        self,
        select_: Sequence[str],
        extend_select: Sequence[str],
        ignore: Sequence[str],
        extend_ignore: Sequence[str],
        target: Optional[str],
        unsafe_fixes: Optional[bool],
        exclude: Sequence[str],
        force_exclude: Optional[bool],
        respect_gitignore: Optional[bool],
        alembic_batch: str,
        report_unused_skips: bool = False,
    ) -> None:
        cli_layer = Config(
            select=tuple(_ids(select_)) if select_ else None,
            extend_select=tuple(_ids(extend_select)),
            ignore=tuple(_ids(ignore)),
            extend_ignore=tuple(_ids(extend_ignore)),
        )
        for option, ids in (
            ("--select", cli_layer.select or ()),
            ("--extend-select", cli_layer.extend_select),
            ("--ignore", cli_layer.ignore),
            ("--extend-ignore", cli_layer.extend_ignore),
        ):
            _check_ids(ids, option)
        declared = declared_target(Path.cwd()) if target is None else None
        self.settings = _Settings(cli_layer, target, unsafe_fixes, alembic_batch, report_unused_skips, declared)
        self.resolver = ConfigResolver()
        try:
            self.base = self.resolver.for_folder(Path.cwd())
            self.settings.options_for(self.base)
        except ConfigError as exc:
            raise click.UsageError(str(exc)) from None
        self.exclude = tuple(exclude)
        self.force = force_exclude if force_exclude is not None else bool(self.base.force_exclude)
        self.gitignore = (
            respect_gitignore if respect_gitignore is not None else self.base.respect_gitignore is not False
        )

    def rules_for(self, folder: str) -> List[ExcludeRules]:
        config = self.resolver.for_folder(Path(folder))
        return [ExcludeRules(str(config.root), config.exclude)] if config.exclude else []

    def excluded(self, path: str) -> bool:
        return path_excluded(path, self.exclude, rules_for=self.rules_for, respect_gitignore=self.gitignore)

    def plan(self, paths: Sequence[str], write: bool) -> Tuple[List[Target], List[Missing], List[Tuple[Job, List[Target]]]]:
        """The files to process, the paths that are not there, and the files grouped by configuration."""
        try:
            targets, missing = discover(
                paths, self.exclude, rules_for=self.rules_for, respect_gitignore=self.gitignore, force_exclude=self.force
            )
            groups: Dict[Optional[Path], Tuple[Config, List[Target]]] = {}
            for t in targets:
                config = self.resolver.for_path(Path(t.display))
                groups.setdefault(config.path, (config, []))[1].append(t)
            jobs = [(Job(*self.settings.options_for(c), write=write), ts) for c, ts in groups.values()]
        except ConfigError as exc:
            raise click.UsageError(str(exc)) from None
        return targets, missing, jobs

    def run(self, planned: Sequence[Tuple[Job, List[Target]]], jobs: Optional[int], progress: Progress) -> List[FileResult]:
        results: List[FileResult] = []
        try:
            for job, group in planned:
                results.extend(run_targets(group, job, jobs or default_jobs(), on_results=progress.update))
        except KeyboardInterrupt:
            progress.close()
            click.echo("sqla-upgrade: interrupted; no file was written after the interrupt", err=True)
            sys.exit(EXIT_INTERRUPTED)
        progress.close()
        results.sort(key=lambda r: r.display)
        return results


def _apply_warnings_log(path: str, results: List[FileResult], targets: Sequence[Target]) -> Tally:
    if "-" in [t.display for t in targets]:
        raise click.UsageError("--warnings-log needs files, not standard input")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError as exc:
        raise click.UsageError(f"--warnings-log: cannot read {path}: {exc.strerror or exc}") from None
    return apply_log(parse_log(text), results, {t.display: t.real for t in targets}, os.getcwd())


def _is_tty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


class _View:
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


class _Settings:
    """The command line's options layered over each project's configuration (one RunOptions per
    pyproject.toml)."""

    def __init__(
        self,
        cli_layer: Config,
        target: Optional[str],
        unsafe_fixes: Optional[bool],
        alembic_batch: str,
        report_unused_skips: bool,
        declared: Optional[Declared] = None,
    ) -> None:
        self.declared = declared
        self._declared_used = False
        self.cli_layer = cli_layer
        self.target = target
        self.unsafe_fixes = unsafe_fixes
        self.alembic_batch = alembic_batch
        self.report_unused_skips = report_unused_skips
        self._cache: Dict[Optional[Path], Tuple[Tuple[Type[SqlaCodemod], ...], RunOptions]] = {}

    def options_for(self, config: Config) -> Tuple[Tuple[Type[SqlaCodemod], ...], RunOptions]:
        if config.path not in self._cache:
            for key, ids in (
                ("select", config.select or ()),
                ("extend-select", config.extend_select),
                ("ignore", config.ignore),
                ("extend-ignore", config.extend_ignore),
            ):
                unknown = [i for i in ids if i not in BY_ID]
                if unknown:
                    raise ConfigError(
                        f"{config.path}: [tool.sqla-upgrade] {key}: unknown codemod id(s): {', '.join(unknown)} "
                        "(see `sqla-upgrade list`)"
                    )
            unsafe = self.unsafe_fixes if self.unsafe_fixes is not None else bool(config.unsafe_fixes)
            target = self.target or config.target
            if target is None and self.declared is not None:
                target, self._declared_used = self.declared.target, True
            options = RunOptions(
                unsafe_fixes=unsafe,
                target=target or "2.0",
                select=selected_ids([c.ID for c in CODEMODS], [config, self.cli_layer]),
                alembic_batch=self.alembic_batch,
                report_unused_skips=self.report_unused_skips,
            )
            self._cache[config.path] = (enabled_codemods(options), options)
        return self._cache[config.path]

    def say_declared_target(self, quiet: bool) -> None:
        """Say once where the target came from, when it was read from the project's requirement."""
        if self._declared_used and self.declared is not None and not quiet:
            click.echo(f"sqla-upgrade: {self.declared.describe()} (--target overrides)", err=True)


def _run_stdin(project: _Project, stdin_filename: Optional[str], view: "_View") -> int:
    data = sys.stdin.buffer.read()
    display = stdin_filename if stdin_filename is not None else "-"
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
    outcome = process_bytes(display, data, codemods, options)
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
@_shared_options
def report_command(
    paths: Tuple[str, ...],
    output: str,
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
    project = _Project(
        select_, extend_select, ignore, extend_ignore, target, unsafe_fixes, exclude, force_exclude,
        respect_gitignore, alembic_batch,
    )
    targets, missing, planned = project.plan(paths, write=False)
    project.settings.say_declared_target(False)
    results = project.run(planned, jobs, Progress(len(targets), enabled=_is_tty(sys.stderr)))
    errors = [FileError(m.display, m.message) for m in missing]
    errors += [FileError(r.display, r.error) for r in results if r.error]
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
