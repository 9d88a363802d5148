"""Finding the files to process, and writing results back without ever losing what the user wrote."""

from __future__ import annotations

import fnmatch
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, List, Sequence, Tuple, Union

DEFAULT_EXCLUDES = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "__pycache__",
    ".tox",
    ".nox",
    ".eggs",
    "*.egg-info",
    "build",
    "dist",
    "node_modules",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "site-packages",
)


@dataclass(frozen=True)
class Target:
    """A file to process: ``display`` is what the user sees (relative when possible), ``real`` where its
    bytes live (a symlink's target: the link itself is never replaced by a regular file)."""

    display: str
    real: str


@dataclass(frozen=True)
class Missing:
    display: str
    message: str


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)


def _display(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def discover(paths: Iterable[str], excludes: Sequence[str]) -> Tuple[List[Target], List[Missing]]:
    """Every Python file under ``paths`` not excluded, once each (by real path), sorted by display path.

    Files named explicitly are processed whatever their suffix; directories contribute ``*.py`` files.
    Virtual environments (a folder holding ``pyvenv.cfg``) are skipped whatever their name.
    """
    patterns = tuple(DEFAULT_EXCLUDES) + tuple(excludes)
    targets: List[Target] = []
    problems: List[Missing] = []
    seen = set()

    def add(path: str) -> None:
        display = _display(path)
        if os.path.islink(path) and not os.path.exists(path):
            problems.append(Missing(display, "broken symbolic link; skipped"))
            return
        real = os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        targets.append(Target(display, real))

    for raw in paths:
        if not os.path.lexists(raw):
            problems.append(Missing(raw, "no such file or directory"))
            continue
        if os.path.isdir(raw):
            for file in _walk(raw, patterns, problems):
                add(file)
        else:
            add(raw)
    targets.sort(key=lambda t: t.display)
    problems.sort(key=lambda p: p.display)
    return targets, problems


def _walk(root: str, patterns: Sequence[str], problems: List[Missing]) -> Iterator[str]:
    def onerror(exc: OSError) -> None:
        problems.append(Missing(_display(exc.filename or root), f"cannot list directory: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        kept = []
        for d in dirnames:
            full = os.path.join(dirpath, d)
            rel = os.path.relpath(full, root)
            # Following directory links could loop or leave the tree; linked *files* are followed.
            if os.path.islink(full) or _excluded(rel, d, patterns):
                continue
            if os.path.exists(os.path.join(full, "pyvenv.cfg")):
                continue
            kept.append(d)
        dirnames[:] = sorted(kept)
        for f in sorted(filenames):
            if not f.endswith(".py"):
                continue
            full = os.path.join(dirpath, f)
            if _excluded(os.path.relpath(full, root), f, patterns):
                continue
            yield full


class WriteError(Exception):
    pass


def write_atomically(path: Union[str, Path], expected_old: bytes, new: bytes) -> None:
    """Replace ``path``'s content with ``new`` through a temporary file and a rename.

    Refused (WriteError) when the file is read-only, or when its bytes are no longer ``expected_old``
    (changed during the run): in both cases the user's file is left exactly as it is.
    """
    path = os.fspath(path)
    st = os.stat(path)
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteError("file is read-only; not written")
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".sqla-upgrade")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(new)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except (PermissionError, AttributeError):
            pass
        with open(path, "rb") as fh:
            current = fh.read()
        if current != expected_old:
            raise WriteError("file changed on disk during the run; not written")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
