"""Which files a run takes, and with which codemods and options each: the command line's selection, target
and exclude options layered over each project's configuration."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Type

import click

from sqla_upgrade.codemod import TARGETS, RunOptions, SqlaCodemod
from sqla_upgrade.codemods import BY_ID, CODEMODS
from sqla_upgrade.config import Config, ConfigError, ConfigResolver, selected_ids
from sqla_upgrade.files import ExcludeRules, Missing, Target, discover, path_excluded
from sqla_upgrade.output import Progress
from sqla_upgrade.runner import FileResult, Job, default_jobs, run_targets
from sqla_upgrade.target import Declared, declared_target

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command that Ctrl-C stopped


def parse_ids(values: Sequence[str]) -> List[str]:
    out: List[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def check_ids(ids: Sequence[str], option: str) -> None:
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


class Settings:
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
        allow_unmapped_on: Optional[str] = None,
    ) -> None:
        self.declared = declared
        self._declared_used = False
        self.cli_layer = cli_layer
        self.target = target
        self.unsafe_fixes = unsafe_fixes
        self.alembic_batch = alembic_batch
        self.allow_unmapped_on = allow_unmapped_on
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
                allow_unmapped_on=self.allow_unmapped_on or config.allow_unmapped_on or "class",
                report_unused_skips=self.report_unused_skips,
            )
            self._cache[config.path] = (enabled_codemods(options), options)
        return self._cache[config.path]

    def say_declared_target(self, quiet: bool) -> None:
        """Say once where the target came from, when it was read from the project's requirement."""
        if self._declared_used and self.declared is not None and not quiet:
            click.echo(f"sqla-upgrade: {self.declared.describe()} (--target overrides)", err=True)


class Project:
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
        allow_unmapped_on: Optional[str] = None,
    ) -> None:
        cli_layer = Config(
            select=tuple(parse_ids(select_)) if select_ else None,
            extend_select=tuple(parse_ids(extend_select)),
            ignore=tuple(parse_ids(ignore)),
            extend_ignore=tuple(parse_ids(extend_ignore)),
        )
        for option, ids in (
            ("--select", cli_layer.select or ()),
            ("--extend-select", cli_layer.extend_select),
            ("--ignore", cli_layer.ignore),
            ("--extend-ignore", cli_layer.extend_ignore),
        ):
            check_ids(ids, option)
        declared = declared_target(Path.cwd()) if target is None else None
        self.settings = Settings(
            cli_layer, target, unsafe_fixes, alembic_batch, report_unused_skips, declared, allow_unmapped_on
        )
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
