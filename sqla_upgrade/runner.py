"""Running the pipeline over many files, in one process or spread over several.

Each worker reads, processes and (unless it is a dry run) writes its own files, and sends back only a small
result; the parent sorts results by path so the output is the same whatever the number of jobs.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Tuple, Type

from sqla_upgrade.codemod import RunOptions, SqlaCodemod
from sqla_upgrade.files import Target, WriteError, remove_stale_temp_files, write_atomically
from sqla_upgrade.findings import Finding
from sqla_upgrade.guard import ReadError, call_deep, read_source, worker_init
from sqla_upgrade.pipeline import process_bytes

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


@dataclass(frozen=True)
class Job:
    codemods: Tuple[Type[SqlaCodemod], ...]
    options: RunOptions
    write: bool


def process_target(target: Target, job: Job) -> FileResult:
    try:
        data = read_source(target.real)
    except ReadError as exc:
        return FileResult(target.display, error=str(exc))
    try:
        outcome = call_deep(process_bytes, target.display, data, job.codemods, job.options)
    except Exception as exc:  # whatever goes wrong with one file, the run goes on without it
        return FileResult(target.display, error=f"internal error, file left unchanged: {type(exc).__name__}: {exc}")
    result = FileResult(
        target.display, skipped=outcome.skipped, findings=outcome.findings, error=outcome.error
    )
    if outcome.new_data is None:
        return result
    result.changed, result.old, result.new = True, data, outcome.new_data
    if job.write:
        try:
            write_atomically(target.real, data, outcome.new_data)
        except WriteError as exc:
            result.changed, result.error = False, str(exc)
        except OSError as exc:
            result.changed, result.error = False, f"cannot write: {exc.strerror or exc}; file left unchanged"
    return result


def _process_chunk(args: Tuple[Sequence[Target], Job]) -> List[FileResult]:
    targets, job = args
    return [process_target(t, job) for t in targets]


def run_targets(targets: Sequence[Target], job: Job, jobs: int) -> List[FileResult]:
    if job.write:
        for leftover in remove_stale_temp_files(targets):
            print(f"{leftover}: note: removed a temporary file left by an interrupted run", file=sys.stderr)
    workers = max(1, min(jobs, len(targets) // MIN_FILES_PER_WORKER))
    if workers == 1:
        results = [process_target(t, job) for t in targets]
    else:
        # Small interleaved chunks balance the load (big files cluster in some folders) while keeping
        # the per-task pickling overhead low.
        n_chunks = workers * 8
        chunks = [(targets[i::n_chunks], job) for i in range(n_chunks) if targets[i::n_chunks]]
        results = []
        with ProcessPoolExecutor(max_workers=workers, initializer=worker_init, initargs=(os.getpid(),)) as pool:
            for part in pool.map(_process_chunk, chunks):
                results.extend(part)
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
