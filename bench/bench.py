"""Time a dry run of sqla-upgrade over a tree against the cost of parsing that tree's candidate files.

    .venv/bin/python bench/bench.py PATH [--jobs N] [--repeat K] [--unsafe-fixes] [--profile]

The yardstick is what any LibCST tool must pay at least: one ``libcst.parse_module`` of every file a codemod
trigger selects (the candidates), measured in the same process and run as the tool. The tool's dry run over
the whole tree (discovery excluded; reading, pre-filter, parse, metadata, codemods, codegen and the output
check included) is reported as a multiple of it, in-process (``--jobs 1``) and over worker processes. One
scope + qualified-name resolution per candidate is timed as well, to show what metadata costs on this tree:
a codemod pipeline that resolved it once per codemod would pay that many times over.

Nothing is written to the tree. See bench/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Type

# Runnable as `python bench/bench.py` from a checkout without the package installed.
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import libcst as cst  # noqa: E402
from libcst.metadata import MetadataWrapper, QualifiedNameProvider  # noqa: E402

from sqla_upgrade.cli import enabled_codemods  # noqa: E402
from sqla_upgrade.codemod import TARGETS, RunOptions, SqlaCodemod  # noqa: E402
from sqla_upgrade.codemods import BY_ID  # noqa: E402
from sqla_upgrade.diff import unified_diff  # noqa: E402
from sqla_upgrade.files import Target, discover  # noqa: E402
from sqla_upgrade.findings import FileError  # noqa: E402
from sqla_upgrade.pipeline import select_codemods  # noqa: E402
from sqla_upgrade.suppress import skips_file  # noqa: E402
from sqla_upgrade.runner import FileResult, Job, default_jobs, run_targets  # noqa: E402
from sqla_upgrade.source import SourceError, decode_source  # noqa: E402


@dataclass
class Tree:
    targets: List[Target]
    n_lines: int = 0
    n_bytes: int = 0
    # (display path, decoded text) of every candidate that decodes; the baselines parse these
    candidate_texts: List[Tuple[str, str]] = field(default_factory=list)
    n_candidates: int = 0
    candidate_lines: int = 0
    candidate_bytes: int = 0
    # how many files each codemod's triggers select (the pre-filter's selectivity, per codemod)
    per_codemod: Dict[str, int] = field(default_factory=dict)
    unreadable: List[str] = field(default_factory=list)


def scan(targets: List[Target], codemods: Sequence[Type[SqlaCodemod]]) -> Tree:
    """Read every file once and apply the pipeline's own pre-filter to find the candidates."""
    tree = Tree(targets=targets, per_codemod={c.ID: 0 for c in codemods})
    for t in targets:
        try:
            with open(t.real, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            tree.unreadable.append(f"{t.display}: {exc}")
            continue
        tree.n_bytes += len(data)
        tree.n_lines += data.count(b"\n")
        # Same decision as pipeline.process_bytes: a skip-file comment, then the trigger bytes.
        if skips_file(data):
            continue
        selected = select_codemods(data, codemods)
        if not selected:
            continue
        tree.n_candidates += 1
        tree.candidate_bytes += len(data)
        tree.candidate_lines += data.count(b"\n")
        for c in selected:
            tree.per_codemod[c.ID] += 1
        try:
            tree.candidate_texts.append((t.display, decode_source(data).text))
        except SourceError:
            pass  # the tool reports it as an error; it is never parsed, so the baseline skips it too
    return tree


def parse_all(texts: Sequence[Tuple[str, str]]) -> int:
    """Parse each text once (what the pipeline does per candidate); the number that parsed."""
    ok = 0
    for _, text in texts:
        try:
            cst.parse_module(text)
        except (cst.ParserSyntaxError, RecursionError):
            continue
        ok += 1
    return ok


def parse_and_resolve_all(texts: Sequence[Tuple[str, str]]) -> int:
    """Parse each text and resolve scope + qualified names once: the cost of one metadata resolution."""
    ok = 0
    for _, text in texts:
        try:
            module = cst.parse_module(text)
        except (cst.ParserSyntaxError, RecursionError):
            continue
        MetadataWrapper(module, unsafe_skip_copy=True).resolve(QualifiedNameProvider)
        ok += 1
    return ok


def best_of(repeat: int, fn: Callable[[], object]) -> Tuple[float, object]:
    """The lowest wall time of ``repeat`` calls (the least disturbed one) and the last call's result."""
    best = float("inf")
    result: object = None
    for _ in range(repeat):
        gc.collect()  # garbage left by the previous measurement must not be collected on this one's clock
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def summarize(results: Sequence[FileResult]) -> Tuple[int, int, int, int, int]:
    changed = sum(1 for r in results if r.changed)
    findings = sum(len(r.findings) for r in results)
    fixable = sum(1 for r in results for f in r.findings if f.fix_available)
    errors = sum(1 for r in results if r.error)
    skipped = sum(1 for r in results if r.skipped)
    return changed, findings, fixable, errors, skipped


def fingerprint(results: Sequence[FileResult]) -> List[Tuple[str, Optional[bytes], tuple, Optional[str]]]:
    return [(r.display, r.new, tuple(r.findings), r.error) for r in results]


def progress(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


def table(rows: Sequence[Tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k:<{width}}  {v}" for k, v in rows)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench.py",
        description="Time a sqla-upgrade dry run over PATH against parsing PATH's candidate files once.",
    )
    parser.add_argument("path", metavar="PATH", help="a folder (or file) to measure; never written to")
    parser.add_argument("--jobs", type=int, default=None, help="workers for the parallel run (default: cores)")
    parser.add_argument("--repeat", type=int, default=3, help="best of K wall times for each figure (default 3)")
    parser.add_argument("--unsafe-fixes", action="store_true", help="apply unsafe fixes too (as the tool's flag)")
    parser.add_argument("--target", choices=TARGETS, default="2.0", help="the tool's --target (default 2.0)")
    parser.add_argument("--select", default=None, metavar="ID[,ID]", help="only these codemods")
    parser.add_argument("--ignore", default="", metavar="ID[,ID]", help="not these codemods")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="as the tool's --exclude")
    parser.add_argument("--profile", action="store_true", help="cProfile one in-process dry run, print the top entries")
    parser.add_argument("--profile-sort", default="cumulative", help="pstats sort key for --profile (default cumulative)")
    parser.add_argument("--profile-top", type=int, default=25, help="entries --profile prints (default 25)")
    parser.add_argument("--diff", metavar="FILE", help="also write the dry run's unified diff to FILE")
    parser.add_argument("--findings", metavar="FILE", help="also write the dry run's findings, one a line, to FILE")
    args = parser.parse_args(argv)

    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    jobs = args.jobs or default_jobs()
    if jobs < 1:
        parser.error("--jobs must be at least 1")
    select = tuple(x.strip() for x in args.select.split(",") if x.strip()) if args.select is not None else None
    ignore = tuple(x.strip() for x in args.ignore.split(",") if x.strip())
    unknown = [i for i in (select or ()) + ignore if i not in BY_ID]
    if unknown:
        parser.error(f"unknown codemod id(s): {', '.join(unknown)}")
    if not os.path.exists(args.path):
        parser.error(f"no such file or directory: {args.path}")

    options = RunOptions(unsafe_fixes=args.unsafe_fixes, target=args.target, select=select, ignore=ignore)
    codemods = enabled_codemods(options)
    job = Job(codemods=codemods, options=options, write=False)

    start = time.perf_counter()
    targets, missing = discover([args.path], tuple(args.exclude))
    t_discover = time.perf_counter() - start
    tree = scan(targets, codemods)
    n_files = len(targets)
    print(f"tree: {args.path}", flush=True)
    print(
        f"  {n_files} files, {tree.n_lines} lines, {tree.n_bytes / 1e6:.1f} MB; "
        f"{tree.n_candidates} candidates ({tree.candidate_lines} lines) for {len(codemods)} codemods: "
        f"{', '.join(c.ID for c in codemods)}",
        flush=True,
    )

    texts = tree.candidate_texts
    # Progress goes to stderr: on a large tree each figure takes minutes.
    t_parse, n_parsed = best_of(args.repeat, lambda: parse_all(texts))
    progress(f"parse-only {t_parse:.3f} s")
    t_meta, _ = best_of(args.repeat, lambda: parse_and_resolve_all(texts))
    progress(f"parse + metadata once {t_meta:.3f} s")
    t_tool1, results1 = best_of(args.repeat, lambda: run_targets(targets, job, 1))
    progress(f"tool --jobs 1 {t_tool1:.3f} s")
    t_toolN, resultsN = best_of(args.repeat, lambda: run_targets(targets, job, jobs))
    progress(f"tool --jobs {jobs} {t_toolN:.3f} s")
    assert isinstance(results1, list) and isinstance(resultsN, list)
    # run_targets falls back to one process when there are few files: say how many it really used.
    workers = max(1, min(jobs, len(targets) // 16))

    changed, findings, fixable, errors, skipped = summarize(results1)

    def ratio(t: float) -> str:
        return f"{t / t_parse:.2f}x" if t_parse > 0 else "n/a"

    def secs(t: float) -> str:
        return f"{t:8.3f} s"

    rows = [
        ("files / candidates / skipped", f"{n_files} / {tree.n_candidates} / {skipped}"),
        ("lines / candidate lines", f"{tree.n_lines} / {tree.candidate_lines}"),
        ("discovery (once, not in the figures below)", secs(t_discover)),
        (f"parse-only ({n_parsed} candidates)", secs(t_parse)),
        ("parse + metadata once (scope, qualified names)", f"{secs(t_meta)}   {ratio(t_meta)} parse-only"),
        ("tool dry run, --jobs 1 (in-process)", f"{secs(t_tool1)}   {ratio(t_tool1)} parse-only"),
        (
            f"tool dry run, --jobs {jobs} ({workers} worker{'s' if workers != 1 else ''})",
            f"{secs(t_toolN)}   {ratio(t_toolN)} parse-only",
        ),
        ("files changed", str(changed)),
        ("findings (fixable with --unsafe-fixes)", f"{findings} ({fixable})"),
        ("errors", str(errors + len(missing) + len(tree.unreadable))),
    ]
    print(f"\nbest of {args.repeat} wall times (time.perf_counter), unsafe fixes {'on' if args.unsafe_fixes else 'off'}:")
    print(table(rows))

    print("\ncandidates per codemod (files its triggers select):")
    print(table([(cid, str(n)) for cid, n in tree.per_codemod.items()]))

    if fingerprint(results1) != fingerprint(resultsN):
        print(f"\nWARNING: --jobs 1 and --jobs {jobs} produced different results", file=sys.stderr)

    error_lines = [FileError(m.display, m.message).format() for m in missing]
    error_lines += [FileError(r.display, r.error).format() for r in results1 if r.error]
    if error_lines:
        print(f"\nerror lines the tool printed ({len(error_lines)}):")
        for line in sorted(error_lines):
            print(f"  {line}")

    if args.diff:
        with open(args.diff, "wb") as fh:
            for r in results1:
                if r.changed and r.old is not None and r.new is not None:
                    fh.write(unified_diff(r.old, r.new, r.display))
    if args.findings:
        with open(args.findings, "w", encoding="utf-8") as fh:
            for r in results1:
                for f in r.findings:
                    fh.write(f.format() + "\n")

    if args.profile:
        profiler = cProfile.Profile()
        gc.collect()
        profiler.enable()
        run_targets(targets, job, 1)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.profile_sort).print_stats(args.profile_top)
        print(f"\ncProfile of one in-process dry run (sorted by {args.profile_sort}; profiling slows it down):")
        print(out.getvalue().rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
