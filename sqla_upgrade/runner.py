"""Running the pipeline over many files, in one process or spread over several.

Two phases over one pool of workers: every file is scanned (facts and sites, pipeline.scan_bytes) and the
parent merges the facts into the project index; then the files with sites are rewritten (and, unless it is a
dry run, written) by the workers, each with the index. Workers send back only small results; the parent
sorts them by path so the output is the same whatever the number of jobs.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Type

from sqla_upgrade.codemod import RunOptions, SqlaCodemod
from sqla_upgrade.detect import FileScan, digest, sites_in
from sqla_upgrade.files import Target, WriteError, remove_stale_temp_files, write_atomically
from sqla_upgrade.findings import Finding, attach_source
from sqla_upgrade.guard import ReadError, call_deep, read_source, worker_init
from sqla_upgrade.index import ModuleFacts, ProjectIndex
from sqla_upgrade.pipeline import FileOutcome, Scanned, rewrite_bytes, scan_bytes, specs_of, with_unused_skips

# Below this many files, starting worker processes costs more than it saves.
MIN_FILES_PER_WORKER = 16


@dataclass
class FileResult:
    display: str
    skipped: bool = False
    changed: bool = False
    old: Optional[bytes] = None  # kept only for changed files (the diff needs them)
    new: Optional[bytes] = None
    findings: List[Finding] = field(default_factory=list)
    error: Optional[str] = None
    new_facts: Optional[ModuleFacts] = None  # the rewritten module's facts, for the index
    suppressed: bool = False  # a skip-file comment
    changed_by: List[str] = field(default_factory=list)  # ids of the codemods that rewrote it


@dataclass(frozen=True)
class Job:
    codemods: Tuple[Type[SqlaCodemod], ...]
    options: RunOptions
    write: bool


def _read(target: Target) -> Tuple[Optional[bytes], Optional[str]]:
    # Only regular files, up to a size (guard.read_source): a FIFO or /dev/zero must not hang the run.
    try:
        return read_source(target.real), None
    except ReadError as exc:
        return None, str(exc)


def scan_target(target: Target, job: Job) -> Scanned:
    """Phase 1 for one file: its facts for the index and its sites (pipeline.scan_bytes)."""
    data, problem = _read(target)
    if data is None:
        return Scanned(error=problem)
    try:
        return call_deep(scan_bytes, target.display, data, job.codemods, _module_of(target.display), job.options)
    except Exception as exc:  # whatever goes wrong with one file, the run goes on without it
        return Scanned(error=f"internal error, file left unchanged: {type(exc).__name__}: {exc}")


def rewrite_target(target: Target, job: Job, scanned: FileScan, index: Optional[ProjectIndex]) -> FileResult:
    """Phase 2 for one file with sites: rewrite (and write, unless a dry run)."""
    data, problem = _read(target)
    if data is None:
        return FileResult(target.display, error=problem)
    if digest(data) != scanned.digest:
        return FileResult(target.display, error="changed on disk during the run; file left unchanged")
    module = (scanned.facts.module, scanned.facts.is_package) if scanned.facts is not None else None
    try:
        # deep valid code (a 1,000-term sum) needs a big stack and a high recursion limit (guard.py)
        outcome = call_deep(rewrite_bytes, target.display, data, job.codemods, job.options, scanned, index, module)
        outcome = with_unused_skips(target.display, data, job.codemods, job.options, outcome)
    except Exception as exc:
        return FileResult(target.display, error=f"internal error, file left unchanged: {type(exc).__name__}: {exc}")
    result = FileResult(
        target.display,
        skipped=outcome.skipped,
        findings=attach_source(outcome.findings, data),
        error=outcome.error,
        changed_by=outcome.changed_by,
    )
    if outcome.new_data is None:
        return result
    result.changed, result.old, result.new = True, data, outcome.new_data
    result.new_facts = outcome.new_scan.facts if outcome.new_scan is not None else None
    if job.write and not interrupted():
        try:
            write_atomically(target.real, data, outcome.new_data)
        except WriteError as exc:
            result.changed, result.error = False, str(exc)
        except OSError as exc:
            result.changed, result.error = False, f"cannot write: {exc.strerror or exc}; file left unchanged"
    return result


def _unscanned_result(target: Target, job: Job, scanned: Scanned) -> FileResult:
    """The result of a file phase 1 already decided: an error, a skip-file comment, nothing to do."""
    if scanned.error is not None:
        return FileResult(target.display, error=scanned.error)
    if scanned.suppressed:
        findings: List[Finding] = []
        if job.options.report_unused_skips:
            data, _ = _read(target)
            if data is not None:
                outcome = with_unused_skips(target.display, data, job.codemods, job.options, FileOutcome(suppressed=True))
                findings = attach_source(outcome.findings, data)
        return FileResult(target.display, suppressed=True, findings=findings)
    return FileResult(target.display, skipped=True)


def process_target(target: Target, job: Job) -> FileResult:
    """Both phases for one file, its own facts as the index (a run of one file)."""
    scanned = scan_target(target, job)
    if scanned.error is not None or scanned.suppressed or scanned.skipped or scanned.scan is None:
        return _unscanned_result(target, job, scanned)
    index = ProjectIndex()
    if scanned.scan.facts is not None:
        index.add(scanned.scan.facts)
    return rewrite_target(target, job, scanned.scan, index)


@functools.lru_cache(maxsize=4096)
def _package_of(folder: str) -> str:
    """The dotted package a folder is (its __init__.py chain), "" when it is not one."""
    parts = []
    while os.path.isfile(os.path.join(folder, "__init__.py")) or os.path.isfile(os.path.join(folder, "__init__.pyi")):
        folder, name = os.path.split(folder)
        if not name:
            break
        parts.insert(0, name)
    return ".".join(parts)


def _module_of(display: str) -> Tuple[str, bool]:
    path = os.path.abspath(display)
    folder, filename = os.path.split(path)
    stem = filename.rsplit(".", 1)[0] if filename.endswith((".py", ".pyi")) else filename
    package = _package_of(folder)
    if stem == "__init__":
        return package, True
    return (f"{package}.{stem}" if package else stem), False


def _scan_chunk(args: Tuple[Sequence[Tuple[int, Target]], Job]) -> List[Tuple[int, Scanned]]:
    items, job = args
    return [(i, scan_target(t, job)) for i, t in items if not interrupted()]


#: the index of the run under way, inherited by forked workers (sending it with every chunk cost more than
#: the rewrite of a small file)
_INHERITED: Optional[ProjectIndex] = None


def _rewrite_chunk(
    args: Tuple[Sequence[Tuple[int, Target, FileScan]], Job, Optional[ProjectIndex]]
) -> List[Tuple[int, FileResult]]:
    items, job, index = args
    if index is None:
        index = _INHERITED
    return [(i, rewrite_target(t, job, s, index)) for i, t, s in items if not interrupted()]


# -- Ctrl-C ---------------------------------------------------------------------------------------------
# Workers ignore SIGINT (a terminal sends it to the whole process group: a worker interrupted mid-task
# would report the KeyboardInterrupt as that task's result and go on with the next). The parent alone
# handles it: it sets the shared event, after which no worker starts a file or writes one, cancels what
# is queued, and ends the workers.

_INTERRUPTED = None  # a multiprocessing.Event in worker processes


def _init_worker(event, parent_pid: int) -> None:  # type: ignore[no-untyped-def]
    global _INTERRUPTED
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _INTERRUPTED = event
    worker_init(parent_pid)  # dies with the main process, and checks it before writing
    _collect_less()


# LibCST builds and drops hundreds of thousands of small objects per file; with Python's default
# thresholds the cyclic collector ran so often that it cost a seventh of a run (ckan). The objects alive
# at start (modules, codemod classes) are frozen out of its sight, and it runs less often.
_GC_THRESHOLD = (50_000, 20, 20)


def _collect_less() -> None:
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)


class _CollectingLess:
    """In-process runs: the same, undone when the run ends (the caller's process goes on)."""

    def __enter__(self) -> None:
        self.saved = gc.get_threshold()
        _collect_less()

    def __exit__(self, *exc) -> None:
        gc.set_threshold(*self.saved)
        gc.unfreeze()


def interrupted() -> bool:
    return _INTERRUPTED is not None and _INTERRUPTED.is_set()


def _pool(workers: int, event) -> ProcessPoolExecutor:  # type: ignore[no-untyped-def]
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(event, os.getpid()))


def _stop(pool: ProcessPoolExecutor, event) -> None:  # type: ignore[no-untyped-def]
    event.set()
    processes = list(getattr(pool, "_processes", {}).values())  # no public API lists them
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + 2.0
    for p in processes:
        p.join(max(0.0, deadline - time.monotonic()))
        if p.is_alive():  # stuck in one long file: nothing it does now is written
            p.terminate()


@dataclass
class RunOutcome:
    results: List[FileResult]
    #: the project index after the run: the facts of every file as it now is
    index: ProjectIndex
    #: seconds spent in each phase (for bench/)
    timings: Dict[str, float] = field(default_factory=dict)
    scanned: int = 0
    candidates: int = 0


def run_project(
    targets: Sequence[Target],
    job: Job,
    jobs: int,
    on_results: Optional[Callable[[Sequence[FileResult]], None]] = None,
) -> RunOutcome:
    """Scan every target, merge the index, rewrite the files with sites; results sorted by path.
    ``on_results`` (progress) is called with each batch of final results as it is known."""
    global _INHERITED
    notify = on_results or (lambda batch: None)
    if job.write:
        for leftover in remove_stale_temp_files(targets):
            print(f"{leftover}: note: removed a temporary file left by an interrupted run", file=sys.stderr)
    workers = max(1, min(jobs, len(targets) // MIN_FILES_PER_WORKER))
    timings: Dict[str, float] = {}
    started = time.perf_counter()
    event = multiprocessing.Event() if workers > 1 else None
    pool = _pool(workers, event) if workers > 1 else None
    stopped = False
    collecting = _CollectingLess()
    collecting.__enter__()
    try:
        numbered = list(enumerate(targets))
        scans = _map(pool, _scan_chunk, _chunks(numbered, workers), job)
        timings["scan"] = time.perf_counter() - started
        if pool is not None and multiprocessing.get_start_method() == "fork":
            # A second pool, forked now, starts with the merged index in memory.
            pool.shutdown(wait=True)
            pool = None

        t0 = time.perf_counter()
        index = ProjectIndex()
        for _, scanned in scans:
            if scanned.scan is not None and scanned.scan.facts is not None:
                index.add(scanned.scan.facts)
        specs = specs_of(job.codemods)
        results: Dict[int, FileResult] = {}
        todo: List[Tuple[int, Target, FileScan]] = []
        for i, scanned in scans:
            target = targets[i]
            if scanned.error is not None or scanned.suppressed or scanned.skipped or scanned.scan is None:
                results[i] = _unscanned_result(target, job, scanned)
            elif not sites_in(scanned.scan, index, specs):
                results[i] = FileResult(target.display, skipped=True)
            else:
                todo.append((i, target, scanned.scan))
        notify(list(results.values()))
        timings["index"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        sent: Optional[ProjectIndex] = index
        rewrite_workers = max(1, min(workers, len(todo) // 2))
        if workers > 1 and pool is None and rewrite_workers > 1:
            _INHERITED, sent = index, None
            pool = _pool(rewrite_workers, event)
        elif rewrite_workers == 1 and pool is None:
            sent = index
        chunks = _chunks(todo, rewrite_workers if pool is not None else 1)
        for part in _map(pool, _rewrite_chunk, chunks, job, sent, each=True):
            for i, result in part:
                results[i] = result
                if result.new_facts is not None:
                    index.add(result.new_facts)
            notify([r for _, r in part])
        timings["rewrite"] = time.perf_counter() - t0
    except KeyboardInterrupt:
        if pool is not None:
            stopped = True
            _stop(pool, event)
        raise
    finally:
        _INHERITED = None
        collecting.__exit__()
        if pool is not None and not stopped:
            pool.shutdown(wait=True, cancel_futures=True)
    ordered = sorted(results.values(), key=lambda r: r.display)
    return RunOutcome(ordered, index, timings, scanned=len(targets), candidates=len(todo))


def _chunks(items: Sequence, workers: int) -> List[Sequence]:
    if workers == 1:
        return [items] if items else []
    # Small interleaved chunks balance the load (big files cluster in some folders) while keeping
    # the per-task pickling overhead low.
    n_chunks = workers * 8
    return [items[i::n_chunks] for i in range(n_chunks) if items[i::n_chunks]]


def _map(pool: Optional[ProcessPoolExecutor], fn, chunks: Sequence, *extra, each: bool = False):
    """``fn`` over the chunks, in order: their results joined, or (``each``) one list per chunk (a
    generator: progress is told as chunks finish)."""
    if pool is None:
        parts = (fn((chunk, *extra)) for chunk in chunks)
    else:
        parts = pool.map(fn, [(chunk, *extra) for chunk in chunks])
    if each:
        return parts
    out: List = []
    for part in parts:
        out.extend(part)
    return out


def run_targets(
    targets: Sequence[Target],
    job: Job,
    jobs: int,
    on_results: Optional[Callable[[Sequence[FileResult]], None]] = None,
) -> List[FileResult]:
    """Process ``targets`` (run_project); ``on_results`` is called with each batch of results."""
    return run_project(targets, job, jobs, on_results).results


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
    except AttributeError:
        return os.cpu_count() or 1


def iter_findings(results: Iterable[FileResult]) -> Iterable[Finding]:
    for r in results:
        yield from r.findings
