"""Running the pipeline over many files, in one process or spread over several.

Each worker reads, processes and (unless it is a dry run) writes its own files, and sends back only a small
result; the parent sorts results by path so the output is the same whatever the number of jobs.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, List, Optional, Sequence, Tuple, Type

from sqla_upgrade.codemod import RunOptions, SqlaCodemod
from sqla_upgrade.files import Target, WriteError, write_atomically
from sqla_upgrade.findings import Finding, attach_source
from sqla_upgrade.pipeline import process_bytes

# Below this many files, starting worker processes costs more than it saves.
MIN_FILES_PER_WORKER = 16


@dataclass
class FileResult:
    display: str
    skipped: bool = False
    suppressed: bool = False  # a skip-file comment
    changed_by: List[str] = field(default_factory=list)  # ids of the codemods that rewrote it
    changed: bool = False
    old: Optional[bytes] = None  # kept only for changed files (the diff needs them)
    new: Optional[bytes] = None
    findings: List[Finding] = field(default_factory=list)
    error: Optional[str] = None


@dataclass(frozen=True)
class Job:
    codemods: Tuple[Type[SqlaCodemod], ...]
    options: RunOptions
    write: bool


def process_target(target: Target, job: Job) -> FileResult:
    try:
        with open(target.real, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return FileResult(target.display, error=f"cannot read: {exc.strerror or exc}")
    try:
        outcome = process_bytes(target.display, data, job.codemods, job.options)
    except Exception as exc:  # whatever goes wrong with one file, the run goes on without it
        return FileResult(target.display, error=f"internal error, file left unchanged: {type(exc).__name__}: {exc}")
    result = FileResult(
        target.display,
        skipped=outcome.skipped,
        suppressed=outcome.suppressed,
        findings=attach_source(outcome.findings, data),
        error=outcome.error,
        changed_by=outcome.changed_by,
    )
    if outcome.new_data is None:
        return result
    result.changed, result.old, result.new = True, data, outcome.new_data
    if job.write and not interrupted():
        try:
            write_atomically(target.real, data, outcome.new_data)
        except WriteError as exc:
            result.changed, result.error = False, str(exc)
        except OSError as exc:
            result.changed, result.error = False, f"cannot write: {exc.strerror or exc}; file left unchanged"
    return result


def _process_chunk(args: Tuple[Sequence[Target], Job]) -> List[FileResult]:
    targets, job = args
    return [process_target(t, job) for t in targets if not interrupted()]


# -- Ctrl-C ---------------------------------------------------------------------------------------------
# Workers ignore SIGINT (a terminal sends it to the whole process group: a worker interrupted mid-task
# would report the KeyboardInterrupt as that task's result and go on with the next). The parent alone
# handles it: it sets the shared event, after which no worker starts a file or writes one, cancels what
# is queued, and ends the workers.

_INTERRUPTED = None  # a multiprocessing.Event in worker processes


def _init_worker(event) -> None:  # type: ignore[no-untyped-def]
    global _INTERRUPTED
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _INTERRUPTED = event


def interrupted() -> bool:
    return _INTERRUPTED is not None and _INTERRUPTED.is_set()


def _stop(pool: ProcessPoolExecutor, event) -> None:  # type: ignore[no-untyped-def]
    event.set()
    processes = list(getattr(pool, "_processes", {}).values())  # no public API lists them
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + 2.0
    for p in processes:
        p.join(max(0.0, deadline - time.monotonic()))
        if p.is_alive():  # stuck in one long file: nothing it does now is written
            p.terminate()


def run_targets(
    targets: Sequence[Target],
    job: Job,
    jobs: int,
    on_results: Optional[Callable[[Sequence[FileResult]], None]] = None,
) -> List[FileResult]:
    """Process ``targets``; ``on_results`` (progress) is called with each batch of results as it arrives."""
    notify = on_results or (lambda batch: None)
    workers = max(1, min(jobs, len(targets) // MIN_FILES_PER_WORKER))
    if workers == 1:
        results = []
        for t in targets:
            results.append(process_target(t, job))
            notify(results[-1:])
    else:
        # Small interleaved chunks balance the load (big files cluster in some folders) while keeping
        # the per-task pickling overhead low.
        n_chunks = workers * 8
        chunks = [(targets[i::n_chunks], job) for i in range(n_chunks) if targets[i::n_chunks]]
        results = []
        event = multiprocessing.Event()
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(event,))
        stopped = False
        try:
            for part in pool.map(_process_chunk, chunks):
                results.extend(part)
                notify(part)
        except KeyboardInterrupt:
            stopped = True
            _stop(pool, event)
            raise
        finally:
            if not stopped:
                pool.shutdown()
    results.sort(key=lambda r: r.display)
    return results


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
    except AttributeError:
        return os.cpu_count() or 1


def iter_findings(results: Iterable[FileResult]) -> Iterable[Finding]:
    for r in results:
        yield from r.findings
