"""Finding the files to process, and writing results back without ever losing what the user wrote."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple, Union

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
            problems.append(Missing(display, bad_link_message(path) or "broken symbolic link; skipped"))
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


TEMP_SUFFIX = ".sqla-upgrade"
# `.NAME.PID.XXXXXXXX.sqla-upgrade`: the writing process's id tells a leftover of a killed run from the
# file of a run still going on. The older `.NAME.XXXXXXXX.sqla-upgrade` has none.
_TEMP_RE = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<pid>\d+)\.)?[A-Za-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + r"$")


def write_atomically(path: Union[str, Path], expected_old: bytes, new: bytes) -> None:
    """Replace ``path``'s content with ``new`` through a temporary file and a rename.

    Refused (WriteError) when the file is read-only, has other hard links (the rename would split them),
    when its bytes are no longer ``expected_old`` (changed during the run), or in a worker whose main
    process is gone: in all these cases the user's file is left exactly as it is. The new file keeps the
    old one's owner, group, mode (setuid/setgid included) and extended attributes where allowed.
    """
    from sqla_upgrade.guard import parent_alive

    path = os.fspath(path)
    st = os.stat(path)
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteError("file is read-only; not written")
    if st.st_nlink > 1:
        raise WriteError(
            f"file has {st.st_nlink} hard links; not written (replacing it would split them)"
        )
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(path)}.{os.getpid()}.", suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(new)
            fh.flush()
            os.fsync(fh.fileno())
        # chown first: changing the owner clears the setuid and setgid bits that chmod sets.
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except (PermissionError, AttributeError):
            pass
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        _copy_xattrs(path, tmp)
        with open(path, "rb") as fh:
            current = fh.read()
        if current != expected_old:
            raise WriteError("file changed on disk during the run; not written")
        if not parent_alive():
            raise WriteError("the main process is gone; not written")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _copy_xattrs(src: str, dst: str) -> None:
    # Attributes the process may not set (another user's `trusted.*`, a file system without them) are
    # lost only if the rename goes ahead; ACLs and SELinux labels live here too.
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(src)
    except OSError:
        return
    for name in names:
        try:
            os.setxattr(dst, name, os.getxattr(src, name))
        except OSError:
            pass


def stale_temp_files(directories: Iterable[str]) -> List[str]:
    """Temporary files in ``directories`` left by a run that was killed while writing (its process is gone)."""
    found = []
    for directory in sorted(set(directories)):
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in sorted(names):
            m = _TEMP_RE.match(name) if name.endswith(TEMP_SUFFIX) else None
            if m is None or (m.group("pid") and _alive(int(m.group("pid")))):
                continue
            full = os.path.join(directory, name)
            if os.path.isfile(full) and not os.path.islink(full):
                found.append(full)
    return found


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temp_files(targets: Sequence[Target]) -> List[str]:
    """Remove the leftovers of killed runs beside ``targets``; their display paths, for the user."""
    removed = []
    for full in stale_temp_files(os.path.dirname(t.real) or "." for t in targets):
        try:
            os.unlink(full)
        except OSError:
            continue
        removed.append(_display(full))
    return removed


def bad_link_message(path: str) -> Optional[str]:
    """Why the symbolic link ``path`` cannot be followed, or None when it can (or is no link)."""
    if not os.path.islink(path):
        return None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop; skipped"
        return "broken symbolic link; skipped"
    return None
