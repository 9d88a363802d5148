"""Time a dry run of sqla-upgrade over a tree against the LibCST parse floor of that tree.

    .venv/bin/python bench/bench.py PATH [--jobs N] [--repeat K] [--unsafe-fixes] [--profile]

The floor is what any LibCST tool must pay at least on a tree: one ``libcst.parse_module`` of every file that
mentions ``sqlalchemy`` or ``alembic``, measured in the same run on the same number of processes as the
tool. The tool's dry run over the whole tree (discovery excluded; reading, the index pass, detection, the
LibCST parse of the files with sites, the batched codemods, codegen and the output check included) is
reported as a multiple of it, in-process and over worker processes, with each phase's own time: the index
pass (every file read with Python's ast: facts and sites), the merge (index and detection decisions), the
rewrite (LibCST), and how many files each one touched. Peak memory is given per process.

Nothing is written to the tree. See bench/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, List, Optional, Sequence, Tuple

# Runnable as `python bench/bench.py` from a checkout without the package installed.
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import libcst as cst  # noqa: E402

from sqla_upgrade.cli import enabled_codemods  # noqa: E402
from sqla_upgrade.codemod import TARGETS, RunOptions  # noqa: E402
from sqla_upgrade.codemods import BY_ID  # noqa: E402
from sqla_upgrade.diff import unified_diff  # noqa: E402
from sqla_upgrade.files import Target, discover  # noqa: E402
from sqla_upgrade.findings import FileError  # noqa: E402
from sqla_upgrade.runner import MIN_FILES_PER_WORKER, FileResult, Job, RunOutcome, default_jobs, run_project  # noqa: E402
from sqla_upgrade.source import SourceError, decode_source  # noqa: E402

FLOOR_MARKERS = (b"sqlalchemy", b"alembic")


def floor_texts(targets: Sequence[Target]) -> Tuple[List[str], int, int]:
    """The path of every file that mentions sqlalchemy or alembic (and decodes); total lines and bytes read.
    The floor's workers read the files themselves, as the tool's do."""
    texts, lines, size = [], 0, 0
    for t in targets:
        try:
            with open(t.real, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        lines += data.count(b"\n")
        size += len(data)
        if any(m in data for m in FLOOR_MARKERS):
            try:
                decode_source(data)
                texts.append(t.real)
            except SourceError:
                pass
    return texts, lines, size


def _parse_chunk(paths: Sequence[str]) -> int:
    """Read, decode and LibCST-parse each file: the least a LibCST tool does with it."""
    ok = 0
    for path in paths:
        try:
            with open(path, "rb") as fh:
                cst.parse_module(decode_source(fh.read()).text)
            ok += 1
        except Exception:
            pass
    return ok


def parse_floor(texts: Sequence[str], workers: int) -> int:
    """Parse every text once, on ``workers`` processes (chunked as the tool chunks its files)."""
    if workers == 1:
        return _parse_chunk(texts)
    n = workers * 8
    chunks = [texts[i::n] for i in range(n) if texts[i::n]]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_parse_chunk, chunks))


CPU: dict = {}


def best_of(repeat: int, fn: Callable[[], object], label: str = "") -> Tuple[float, object]:
    """The lowest wall time of ``repeat`` calls and the result of the fastest; the lowest CPU time of this
    process is kept in CPU[label] (on a machine shared with other work, in-process CPU time is the
    steadier figure)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()  # garbage left by the previous measurement must not be collected on this one's clock
        start, cpu = time.perf_counter(), time.process_time()
        out = fn()
        took, cpu_took = time.perf_counter() - start, time.process_time() - cpu
        CPU[label] = min(CPU.get(label, float("inf")), cpu_took)
        if took < best:
            best, result = took, out
    return best, result


def fingerprint(results: Sequence[FileResult]):
    return [(r.display, r.new, tuple(r.findings), r.error) for r in results]


def progress(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


def table(rows: Sequence[Tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k:<{width}}  {v}" for k, v in rows)


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description="Time a sqla-upgrade dry run over PATH against its LibCST parse floor.")
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
    targets, missing = discover([args.path], tuple(args.exclude))
    texts, n_lines, n_bytes = floor_texts(targets)
    workers = max(1, min(jobs, len(targets) // MIN_FILES_PER_WORKER))
    print(f"tree: {args.path}", flush=True)
    print(
        f"  {len(targets)} files, {n_lines} lines, {n_bytes / 1e6:.1f} MB; {len(texts)} mention sqlalchemy or "
        f"alembic (the floor); {len(codemods)} codemods enabled",
        flush=True,
    )

    t_floor1, n_parsed = best_of(args.repeat, lambda: parse_floor(texts, 1), "floor")
    progress(f"parse floor, 1 process {t_floor1:.3f} s")
    t_floorN, _ = best_of(args.repeat, lambda: parse_floor(texts, workers))
    progress(f"parse floor, {workers} processes {t_floorN:.3f} s")
    t_tool1, run1 = best_of(args.repeat, lambda: run_project(targets, job, 1), "tool")
    progress(f"tool, 1 process {t_tool1:.3f} s")
    mem_self = peak_mb(resource.RUSAGE_SELF)
    t_toolN, runN = best_of(args.repeat, lambda: run_project(targets, job, jobs))
    progress(f"tool, {workers} processes {t_toolN:.3f} s")
    mem_children = peak_mb(resource.RUSAGE_CHILDREN)
    assert isinstance(run1, RunOutcome) and isinstance(runN, RunOutcome)

    results = run1.results
    changed = sum(1 for r in results if r.changed)
    findings = sum(len(r.findings) for r in results)
    fixable = sum(1 for r in results for f in r.findings if f.fix_available)
    errors = sum(1 for r in results if r.error)

    def secs(t: float) -> str:
        return f"{t:8.3f} s"

    def phases(run: RunOutcome) -> str:
        t = run.timings
        return f"index pass {t['scan']:.3f} s, merge {t['index']:.3f} s, rewrite {t['rewrite']:.3f} s"

    rows = [
        (f"parse floor, 1 process ({n_parsed} files)", secs(t_floor1)),
        (f"parse floor, {workers} processes", secs(t_floorN)),
        ("tool dry run, 1 process", f"{secs(t_tool1)}   {t_tool1 / t_floor1:.2f}x the floor  ({phases(run1)})"),
        (
            f"tool dry run, {workers} processes",
            f"{secs(t_toolN)}   {t_toolN / t_floorN:.2f}x the floor  ({phases(runN)})",
        ),
        (
            "CPU time, 1 process (floor / tool)",
            f"{CPU['floor']:.3f} s / {CPU['tool']:.3f} s   {CPU['tool'] / CPU['floor']:.2f}x the floor",
        ),
        ("files read by the index pass", str(run1.scanned)),
        ("files LibCST-parsed (with sites)", str(run1.candidates)),
        ("files changed", str(changed)),
        ("findings (fixable with --unsafe-fixes)", f"{findings} ({fixable})"),
        ("errors", str(errors + len(missing))),
        ("peak memory, in-process run", f"{mem_self:.0f} MB"),
        ("peak memory, largest worker", f"{mem_children:.0f} MB"),
    ]
    print(f"\nbest of {args.repeat} wall times (time.perf_counter), unsafe fixes {'on' if args.unsafe_fixes else 'off'}:")
    print(table(rows))

    if fingerprint(run1.results) != fingerprint(runN.results):
        print(f"\nWARNING: 1 and {workers} processes produced different results", file=sys.stderr)

    error_lines = [FileError(m.display, m.message).format() for m in missing]
    error_lines += [FileError(r.display, r.error).format() for r in results if r.error]
    if error_lines:
        print(f"\nerror lines the tool printed ({len(error_lines)}):")
        for line in sorted(error_lines):
            print(f"  {line}")

    if args.diff:
        with open(args.diff, "wb") as fh:
            for r in results:
                if r.changed and r.old is not None and r.new is not None:
                    fh.write(unified_diff(r.old, r.new, r.display))
    if args.findings:
        with open(args.findings, "w", encoding="utf-8") as fh:
            for r in results:
                for f in r.findings:
                    fh.write(f.format() + "\n")

    if args.profile:
        profiler = cProfile.Profile()
        gc.collect()
        profiler.enable()
        run_project(targets, job, 1)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.profile_sort).print_stats(args.profile_top)
        print(f"\ncProfile of one in-process dry run (sorted by {args.profile_sort}; profiling slows it down):")
        print(out.getvalue().rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
