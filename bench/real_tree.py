"""Run sqla-upgrade in place with --unsafe-fixes over a copy of a real tree and check its promises there.

    .venv/bin/python bench/real_tree.py TREE [--jobs N] [--keep DIR]

TREE is copied to a temporary folder (never written); on the copy:

1. dry runs with ``--jobs 1`` and ``--jobs N`` (default 2) must print byte-identical diffs and findings;
2. the in-place run (``--jobs N``), timed, its peak memory taken (largest resident set of the main process
   and of any worker);
3. every changed file must compile; every changed file must mention SQLAlchemy or Alembic, or lie inside
   the sqlalchemy package, which reaches itself through relative imports (files with no
   SQLAlchemy usage stay untouched); the dry run's diff, applied with ``git apply`` to a second copy, must
   give the in-place result;
4. a second in-place run must change nothing, and its findings are compared with the first run's;
5. every error line is classified, and checked to be a genuine bad input (CPython refuses the syntax, the
   bytes do not decode, ...); an internal error never is.

Prints the counts and exits 1 when a check fails. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
SUMMARY_RE = re.compile(
    r"sqla-upgrade: (?P<files>\d+) files scanned, (?P<skipped>\d+) skipped by the pre-filter, "
    r"(?P<changed>\d+) (?:would change|changed), (?P<findings>\d+) findings.*?, (?P<errors>\d+) errors in"
)
ERROR_RE = re.compile(r"^(?P<path>.+?): error: (?P<message>.*)$")
KINDS = [
    ("syntax error", r"^syntax error at "),
    ("undecodable", r"^cannot decode as |^cannot determine the encoding|^unknown encoding"),
    ("binary", r"^binary file"),
    ("not a regular file", r"not a regular file"),
    ("unreadable", r"^cannot read: "),
    ("too large", r"^file too large"),
    ("nested too deeply", r"^nested too deeply"),
    ("LibCST cannot parse", r"^LibCST cannot parse"),
    ("LibCST would change bytes", r"^LibCST would change line"),
    ("read-only", r"read-only; not written"),
    ("hard links", r"hard links; not written"),
    ("symbolic link", r"symbolic link"),
    ("not encodable", r"cannot be encoded"),
    ("internal error", r"internal error"),
]


@dataclass
class Run:
    args: Tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: str
    seconds: float
    peak_kb: int

    @property
    def summary(self) -> Dict[str, int]:
        m = SUMMARY_RE.search(self.stderr)
        if not m:
            raise SystemExit(f"no summary line in the output of {' '.join(self.args)}:\n{self.stderr[-3000:]}")
        return {k: int(v) for k, v in m.groupdict().items()}

    @property
    def findings(self) -> List[str]:
        return [l for l in self.stderr.splitlines() if re.match(r"^.+?:\d+:\d+: [a-z0-9-]+ ", l)]

    @property
    def errors(self) -> List[Tuple[str, str]]:
        out = []
        for line in self.stderr.splitlines():
            m = ERROR_RE.match(line)
            if m and not re.match(r"^.+?:\d+:\d+: ", line):
                out.append((m["path"], m["message"]))
        return out


def run_tool(cwd: Path, *args: str) -> Run:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sqla_upgrade", "run", *args], cwd=cwd, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    # communicate() waits too; wait4 is asked first for the resource usage of the process and of every
    # descendant it waited for (its workers).
    import threading

    out: Dict[str, bytes] = {}

    def drain(name, stream):
        out[name] = stream.read()

    threads = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for t in threads:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    for t in threads:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        args=args, returncode=proc.returncode, stdout=out["out"], stderr=out["err"].decode("utf-8", "replace"),
        seconds=time.perf_counter() - started, peak_kb=usage.ru_maxrss,
    )


def snapshot(tree: Path) -> Dict[str, bytes]:
    files = {}
    for dirpath, _dirs, names in os.walk(tree):
        for name in names:
            p = Path(dirpath) / name
            if p.is_file() and not p.is_symlink():
                files[str(p.relative_to(tree))] = p.read_bytes()
    return files


def uses_sqlalchemy_through_the_project(tree: Path, files: Dict[str, bytes]) -> set:
    """The files that import a project module (or name) the project index ties to SQLAlchemy
    (`from ckan import model; model.Session.query(...)`): the tool rightly rewrites those too."""
    sys.path.insert(0, str(ROOT))
    from sqla_upgrade.codemods import CODEMODS
    from sqla_upgrade.index import ProjectIndex, module_name_for
    from sqla_upgrade.pipeline import scan_bytes

    index = ProjectIndex()
    scans = {}
    here = os.getcwd()
    os.chdir(tree)  # paths are relative to the tree, as in a run from its root
    try:
        pairs = [(p, d) for p, d in files.items() if p.endswith(".py")]
        scanned_all = [(p, scan_bytes(p, d, CODEMODS, module_name_for(p))) for p, d in pairs]
    finally:
        os.chdir(here)
    for path, scanned in scanned_all:
        if scanned.scan is not None:
            scans[path] = scanned.scan
            if scanned.scan.facts is not None:
                index.add(scanned.scan.facts)
    return {p for p, scan in scans.items() if scan.uses_sqla or any(index.is_sqla(q) for q in scan.imported)}


def kind_of(message: str) -> str:
    return next((kind for kind, rx in KINDS if re.search(rx, message)), "other")


def genuine(tree: Path, path: str, message: str) -> bool:
    """Whether the error line describes a real problem of the input (checked independently of the tool)."""
    kind = kind_of(message)
    full = tree / path
    if kind in ("internal error", "other", "LibCST would change bytes"):
        return False
    if kind == "syntax error":
        try:
            compile(full.read_bytes(), path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            return True
        return False
    if kind == "undecodable":
        import tokenize

        try:
            with tokenize.open(full) as fh:
                fh.read()
        except (SyntaxError, UnicodeDecodeError, LookupError):
            return True
        return False
    if kind == "binary":
        return b"\0" in full.read_bytes()
    return True  # unreadable, not regular, too large, nested, read-only...: facts of the file system


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--jobs", default="2", help="workers of the parallel runs (default 2)")
    parser.add_argument("--keep", type=Path, help="work in this folder (created) and keep it")
    opts = parser.parse_args(argv)
    source = opts.tree.resolve()
    base = opts.keep.resolve() if opts.keep else Path(tempfile.mkdtemp(prefix="sqla-real-"))
    base.mkdir(parents=True, exist_ok=True)
    work, applied = base / "work", base / "applied"
    for d in (work, applied):
        if d.exists():
            shutil.rmtree(d)
        shutil.copytree(source, d, symlinks=True)
    failures: List[str] = []
    try:
        before = snapshot(work)
        common = ("--unsafe-fixes", "--no-color")

        dry1 = run_tool(work, "--dry-run", "--jobs", "1", *common, ".")
        dryn = run_tool(work, "--dry-run", "--jobs", opts.jobs, *common, ".")
        if dry1.stdout != dryn.stdout:
            failures.append(f"--jobs 1 and --jobs {opts.jobs} diffs differ")
        if dry1.findings != dryn.findings or dry1.errors != dryn.errors:
            only = sorted(set(dry1.findings) ^ set(dryn.findings))[:3] + sorted(set(dry1.errors) ^ set(dryn.errors))[:3]
            failures.append(f"--jobs 1 and --jobs {opts.jobs} findings or errors differ: {only}")
        if snapshot(work) != before:
            failures.append("a dry run wrote files")

        first = run_tool(work, "--jobs", opts.jobs, *common, ".")
        after = snapshot(work)
        changed = sorted(p for p in after if after[p] != before.get(p))
        if sorted(set(before) - set(after)) or sorted(set(after) - set(before)):
            failures.append(f"files lost or added: {sorted(set(before) ^ set(after))[:10]}")
        not_compiling = []
        unrelated = []
        through_project = uses_sqlalchemy_through_the_project(work, before)
        for p in changed:
            try:
                compile(after[p], p, "exec", dont_inherit=True)
            except (SyntaxError, ValueError) as exc:
                not_compiling.append(f"{p}: {exc}")
            # SQLAlchemy's own modules reach it through relative imports (`from ... import select`)
            inside_sqlalchemy = "sqlalchemy" in re.split(r"[\\/]", p)[:-1]
            mentions = re.search(rb"sqlalchemy|alembic", before[p], re.IGNORECASE)
            if not inside_sqlalchemy and not mentions and p not in through_project:
                unrelated.append(p)
        if not_compiling:
            failures.append(f"{len(not_compiling)} changed files do not compile: {not_compiling[:5]}")
        if unrelated:
            failures.append(
                f"{len(unrelated)} changed files neither mention SQLAlchemy or Alembic nor import a project module "
                f"that uses it: {unrelated[:5]}"
            )

        patch = base / "dry-run.diff"
        patch.write_bytes(dry1.stdout)
        subprocess.run(["git", "init", "-q"], cwd=applied, check=True)
        git = subprocess.run(["git", "apply", "--unsafe-paths", str(patch)], cwd=applied, capture_output=True)
        if git.returncode != 0:
            failures.append(f"git apply of the dry-run diff failed: {git.stderr.decode()[:500]}")
        else:
            shutil.rmtree(applied / ".git")
            if snapshot(applied) != after:
                differing = [p for p in after if snapshot(applied).get(p) != after[p]]
                failures.append(f"dry-run diff applied differs from the in-place result: {differing[:5]}")

        second = run_tool(work, "--jobs", opts.jobs, *common, ".")
        again = snapshot(work)
        changed_again = sorted(p for p in again if again[p] != after.get(p))
        if changed_again or second.summary["changed"]:
            failures.append(f"the second run changed {len(changed_again)} files: {changed_again[:5]}")
        # Compared without positions: a rewrite above a finding moves it, which is no difference.
        unplaced = lambda lines: Counter(re.sub(r":\d+:\d+: ", ": ", l, count=1) for l in lines)  # noqa: E731
        first_findings, second_findings = unplaced(first.findings), unplaced(second.findings)
        gone = sorted((first_findings - second_findings).elements())
        new = sorted((second_findings - first_findings).elements())

        errors = first.errors
        kinds = Counter(kind_of(m) for _, m in errors)
        not_genuine = [f"{p}: {m}" for p, m in errors if not genuine(source, p, m)]
        if not_genuine:
            failures.append(f"{len(not_genuine)} error lines are not genuine bad inputs: {not_genuine[:5]}")

        s = first.summary
        print(f"tree                          {source}")
        print(f"files scanned / skipped       {s['files']} / {s['skipped']}")
        print(f"changed (in place)            {s['changed']} (files differing on disk: {len(changed)})")
        print(f"findings first / second run   {s['findings']} / {second.summary['findings']}")
        for label, items in (("gone in the second run (fixed by a rewrite, or dependent on the run)", gone),
                             ("new in the second run (reported on the tool's own output)", new)):
            if items:
                print(f"findings {label}: {len(items)}")
                for f in items[:20]:
                    print(f"    {f}")
        print(f"errors                        {s['errors']}: " + (", ".join(f"{k} {n}" for k, n in kinds.most_common()) or "none"))
        for p, m in errors:
            print(f"    {p}: {m}")
        print(f"seconds                       dry --jobs 1 {dry1.seconds:.1f}, dry --jobs {opts.jobs} {dryn.seconds:.1f}, "
              f"in place --jobs {opts.jobs} {first.seconds:.1f}, second run {second.seconds:.1f}")
        print(f"peak memory (largest process) dry --jobs 1 {dry1.peak_kb / 1024:.0f} MB, in place --jobs {opts.jobs} "
              f"{first.peak_kb / 1024:.0f} MB")
        print(f"exit statuses                 dry {dry1.returncode}/{dryn.returncode}, in place {first.returncode}, "
              f"second {second.returncode}")
        tracebacks = [r for r in (dry1, dryn, first, second) if "Traceback" in r.stderr]
        if tracebacks:
            failures.append("a run printed a traceback")
    finally:
        if not opts.keep:
            shutil.rmtree(base, ignore_errors=True)
    for f in failures:
        print(f"CHECK FAILED: {f}")
    print("all checks passed" if not failures else f"{len(failures)} checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
