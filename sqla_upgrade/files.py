"""Finding the files to process, and writing results back without ever losing what the user wrote."""

from __future__ import annotations

import errno
import fnmatch
import functools
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import pathspec

# Matched against each path component below the folder searched (or the declaring pyproject.toml's folder).
DEFAULT_EXCLUDES = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
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


@dataclass(frozen=True)
class ExcludeRules:
    """Exclude patterns and the folder they are relative to (the declaring pyproject.toml's folder, or the
    working directory for ``--exclude``).

    A pattern without ``/`` matches any file or folder of that name below ``base``; one with ``/`` matches
    the path relative to ``base``, component by component (``*`` does not cross a ``/``); ``./pkg/sub`` and
    ``pkg/sub`` mean the same, and a trailing ``/`` matches folders only, as in .gitignore.
    """

    base: str
    patterns: Tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", os.path.abspath(self.base))

    @property
    def parsed(self) -> Tuple[Tuple[Tuple[str, ...], bool], ...]:
        return _parse(self.patterns)


@functools.lru_cache(maxsize=None)
def _parse(patterns: Tuple[str, ...]) -> Tuple[Tuple[Tuple[str, ...], bool], ...]:
    out = []
    for raw in patterns:
        pattern = raw.replace("\\", "/")
        while pattern.startswith("./"):
            pattern = pattern[2:]
        dir_only = pattern.endswith("/")
        parts = tuple(p for p in pattern.strip("/").split("/") if p)
        if parts:
            out.append((parts, dir_only))
    return tuple(out)


def _excluded(path: str, anchor: str, rules: ExcludeRules, is_dir: bool) -> bool:
    """Whether ``path`` (absolute) or one of its folders below the rules' base matches a pattern.

    Outside ``base`` only the name patterns apply, and only to the components below ``anchor`` (the path
    the user named), so a default such as ``build`` never excludes a whole checkout that lives in ~/build.
    """
    parsed = rules.parsed
    if not parsed:
        return False
    rel = os.path.relpath(path, rules.base)
    inside = not (rel == ".." or rel.startswith(".." + os.sep))
    if not inside:
        rel = os.path.relpath(path, anchor)
        if rel == ".." or rel.startswith(".." + os.sep):
            rel = os.path.basename(path)
    parts = [] if rel == "." else rel.split(os.sep)
    for pattern, dir_only in parsed:
        if len(pattern) == 1:
            # a name: any component (a folder, or the file itself)
            for i, name in enumerate(parts):
                if (not dir_only or i < len(parts) - 1 or is_dir) and fnmatch.fnmatchcase(name, pattern[0]):
                    return True
        elif inside and len(pattern) <= len(parts):
            if dir_only and len(pattern) == len(parts) and not is_dir:
                continue
            if all(fnmatch.fnmatchcase(n, p) for n, p in zip(parts, pattern)):
                return True
    return False


class GitIgnore:
    """The ``.gitignore`` files (and ``.git/info/exclude``) of the work trees the searched paths are in.

    Read with ``pathspec`` (git's own matching rules, negation included), once per folder. Outside a git
    work tree, only the ``.gitignore`` files at and below the folder searched apply.
    """

    def __init__(self) -> None:
        self._specs: Dict[str, Optional[pathspec.PathSpec]] = {}
        self._roots: Dict[str, Optional[str]] = {}
        self._anchor_ignored: Dict[str, bool] = {}

    def _spec(self, folder: str) -> Optional[pathspec.PathSpec]:
        if folder not in self._specs:
            lines: List[str] = []
            for name in (".gitignore", os.path.join(".git", "info", "exclude")):
                try:
                    with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
                        lines.extend(fh.read().splitlines())
                except OSError:
                    pass
            self._specs[folder] = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
        return self._specs[folder]

    def repo_root(self, folder: str) -> Optional[str]:
        if folder not in self._roots:
            parent = os.path.dirname(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                self._roots[folder] = folder
            else:
                self._roots[folder] = None if parent == folder else self.repo_root(parent)
        return self._roots[folder]

    def _top(self, folder: str, anchor: str) -> str:
        """The highest folder whose .gitignore applies. A folder the user named although git ignores it
        (``sqla-upgrade run generated/``) is searched: then only the .gitignore files at and below it count."""
        top = self.repo_root(folder) or anchor
        if top != anchor and _inside(anchor, top):
            if anchor not in self._anchor_ignored:
                self._anchor_ignored[anchor] = self._ignored_up_to(anchor, True, top, with_folders=True)
            if self._anchor_ignored[anchor]:
                return anchor
        return top

    def ignored(self, path: str, is_dir: bool, anchor: str) -> bool:
        """Whether git would ignore ``path`` (absolute), judging by the path itself, not its folders."""
        return self._ignored_up_to(path, is_dir, self._top(os.path.dirname(path), anchor), with_folders=False)

    def ignored_with_folders(self, path: str, anchor: str, is_dir: bool = False) -> bool:
        """Whether ``path`` or a folder above it (up to the work tree's root) is ignored."""
        top = self.repo_root(os.path.dirname(path)) or anchor
        return self._ignored_up_to(path, is_dir, top, with_folders=True)

    def _ignored_up_to(self, path: str, is_dir: bool, top: str, with_folders: bool) -> bool:
        if with_folders:
            current, current_is_dir = path, is_dir
            while current.startswith(top + os.sep):
                if self._ignored_up_to(current, current_is_dir, top, with_folders=False):
                    return True
                current, current_is_dir = os.path.dirname(current), True
            return False
        folder = os.path.dirname(path)
        # The deepest .gitignore with a pattern that matches decides, as in git.
        while True:
            spec = self._spec(folder)
            if spec is not None:
                rel = os.path.relpath(path, folder).replace(os.sep, "/") + ("/" if is_dir else "")
                decision = spec.check_file(rel).include
                if decision is not None:
                    return decision
            if folder == top or os.path.dirname(folder) == folder or not folder.startswith(top):
                return False
            folder = os.path.dirname(folder)


def _display(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _anchor(full: str, cwd: str) -> str:
    return cwd if _inside(full, cwd) and full != cwd else os.path.dirname(full)


class Excluder:
    """Whether a path is excluded: the defaults, ``--exclude`` (relative to the working directory), the
    configured excludes of the path's project, and the .gitignore files."""

    def __init__(
        self,
        excludes: Sequence[str] = (),
        rules_for: Optional[Callable[[str], Sequence[ExcludeRules]]] = None,
        respect_gitignore: bool = True,
    ) -> None:
        self.cli_rules = ExcludeRules(os.getcwd(), tuple(excludes))
        self.rules_for = rules_for
        self.gitignore = GitIgnore() if respect_gitignore else None

    def __call__(self, path: str, is_dir: bool, anchor: str, with_folders: bool) -> bool:
        rules = [ExcludeRules(anchor, DEFAULT_EXCLUDES), self.cli_rules]
        if self.rules_for is not None:
            rules.extend(self.rules_for(os.path.dirname(path)))
        if any(_excluded(path, anchor, r, is_dir) for r in rules):
            return True
        if self.gitignore is None:
            return False
        if with_folders:
            return self.gitignore.ignored_with_folders(path, anchor, is_dir)
        return self.gitignore.ignored(path, is_dir, anchor)


def path_excluded(
    path: str,
    excludes: Sequence[str] = (),
    *,
    rules_for: Optional[Callable[[str], Sequence[ExcludeRules]]] = None,
    respect_gitignore: bool = True,
) -> bool:
    """Whether a file named explicitly (it need not exist: ``--stdin-filename``) is excluded."""
    full = os.path.abspath(path)
    return Excluder(excludes, rules_for, respect_gitignore)(full, False, _anchor(full, os.getcwd()), True)


def discover(
    paths: Iterable[str],
    excludes: Sequence[str] = (),
    *,
    rules_for: Optional[Callable[[str], Sequence[ExcludeRules]]] = None,
    respect_gitignore: bool = True,
    force_exclude: bool = False,
) -> Tuple[List[Target], List[Missing]]:
    """Every Python file under ``paths`` not excluded, once each (by real path), sorted by display path.

    Folders contribute ``*.py`` files; files named explicitly are processed whatever their suffix and, unless
    ``force_exclude``, whatever the excludes say (pre-commit passes every staged file by name, so the hook
    turns it on). ``excludes`` are relative to the working directory; ``rules_for(folder)`` gives the
    configured excludes that apply in an absolute folder (its project's pyproject.toml). Virtual
    environments (a folder holding ``pyvenv.cfg``) are skipped whatever their name.
    """
    cwd = os.getcwd()
    excluded = Excluder(excludes, rules_for, respect_gitignore)
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
        full = os.path.abspath(raw)
        if force_exclude and full != cwd and excluded(full, os.path.isdir(raw), _anchor(full, cwd), True):
            continue
        if os.path.isdir(raw):
            for file in _walk(raw, excluded, problems):
                add(file)
        else:
            add(raw)
    targets.sort(key=lambda t: t.display)
    problems.sort(key=lambda p: p.display)
    return targets, problems


def _walk(
    root: str, excluded: Callable[[str, bool, str, bool], bool], problems: List[Missing]
) -> Iterator[str]:
    anchor = os.path.abspath(root)

    def onerror(exc: OSError) -> None:
        problems.append(Missing(_display(exc.filename or root), f"cannot list directory: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        kept = []
        for d in dirnames:
            full = os.path.join(dirpath, d)
            # Following directory links could loop or leave the tree; linked *files* are followed.
            if os.path.islink(full) or excluded(os.path.abspath(full), True, anchor, False):
                continue
            if os.path.exists(os.path.join(full, "pyvenv.cfg")):
                continue
            kept.append(d)
        dirnames[:] = sorted(kept)
        for f in sorted(filenames):
            if not f.endswith(".py"):
                continue
            full = os.path.join(dirpath, f)
            if excluded(os.path.abspath(full), False, anchor, False):
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
