"""Limits that keep one odd file from costing more than that file: what is read, how deep the code may be,
and what happens to workers when the main process is gone.

- Only regular files are read (a FIFO would block the run forever, ``/dev/zero`` would fill the memory),
  and only up to MAX_FILE_BYTES.
- Valid code can be nested far deeper than Python's default recursion limit allows LibCST to walk (a
  400-term ``a + a + ...`` is 400 levels of BinaryOperation): each file is processed in a thread with a big
  stack and a raised recursion limit, so such files are migrated instead of failing.
- What CPython itself refuses for being nested too deeply (more than 200 open brackets, "too complex") is
  refused before LibCST's native parser sees it: that parser overflows its stack and kills the process.
- Workers die with the main process (Linux: PR_SET_PDEATHSIG) and check that it is alive before each write.
"""

from __future__ import annotations

import os
import queue
import signal
import stat
import sys
import threading
from typing import Callable, Optional, Tuple, TypeVar

from sqla_upgrade.source import SourceError

T = TypeVar("T")

#: Files larger than this are reported and skipped. The largest hand-written modules of SQLAlchemy's own tree
#: are under 200 kB; bigger ones are generated (tables of data), and this engine's cost grows faster than
#: their size (bench/big_file.py: a 300 kB generated module takes about a minute).
MAX_FILE_BYTES = 1024 * 1024

#: The stack of the thread each file is processed in, and the recursion limit while it runs. About 1 KiB
#: of C stack per Python frame is a generous bound for LibCST's visitors, so the limit stays well inside
#: the stack and a runaway recursion is still a RecursionError, never a crash.
_STACK_BYTES = 512 * 1024 * 1024
_RECURSION_LIMIT = 200_000

#: The deepest syntax tree (CPython's, in levels) a file may have. Real code stays under 50 (SQLAlchemy's
#: own: 24); 1,000 nested terms of any kind still take LibCST under 2 s, and the cost grows with the square.
MAX_DEPTH = 1500


class ReadError(Exception):
    """A file that is not read; the message is one line for the user."""


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_source(path: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (symlinks followed), at most ``limit`` of them.

    The type is checked before opening (opening some devices has effects) and again on the open file
    (the path may have been replaced in between); the open never blocks (a FIFO).
    """
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"cannot read: not a regular file ({_kind(st.st_mode)}); skipped")
        if st.st_size > limit:
            raise ReadError(_too_large(st.st_size, limit))
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ReadError(f"cannot read: not a regular file ({_kind(st.st_mode)}); skipped")
            chunks = []
            size = 0
            while True:
                chunk = os.read(fd, 1024 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:  # it grew since the stat
                    raise ReadError(_too_large(size, limit))
                chunks.append(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise ReadError(f"cannot read: {describe_os_error(exc)}") from None
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> str:
    return f"file too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB); skipped"


def describe_os_error(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


class _DeepThread:
    """One long-lived thread with a big stack (a thread per file would cost more than a small file)."""

    def __init__(self) -> None:
        self.requests: "queue.SimpleQueue" = queue.SimpleQueue()
        old_size = threading.stack_size()
        threading.stack_size(_STACK_BYTES)
        try:
            # A daemon thread: Ctrl-C in the main thread ends the program without waiting for the file.
            self.thread = threading.Thread(target=self._serve, name="sqla-upgrade-deep", daemon=True)
        finally:
            threading.stack_size(old_size)
        self.thread.start()
        self.pid = os.getpid()

    def _serve(self) -> None:
        while True:
            fn, args, box, done = self.requests.get()
            try:
                box["value"] = fn(*args)
            except BaseException as exc:  # handed to the caller, which decides
                box["error"] = exc
            done.set()


_deep: Optional[_DeepThread] = None
_deep_lock = threading.Lock()


def call_deep(fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` in a thread with a big stack and a raised recursion limit; its exception is re-raised.

    The recursion limit is process-wide: it is raised only while the call runs, and the caller waits for
    it, so no other frame of this program runs under the raised limit on a small stack.
    """
    global _deep
    if _deep is not None and threading.current_thread() is _deep.thread:
        return fn(*args)  # already on the big stack (and the lock is held by the caller waiting for us)
    with _deep_lock:
        if _deep is None or _deep.pid != os.getpid():  # threads do not survive a fork into a worker
            try:
                _deep = _DeepThread()
            except (ValueError, RuntimeError):  # a platform that does not let the stack size be set
                return fn(*args)
        deep = _deep
        box: dict = {}
        done = threading.Event()
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old_limit, _RECURSION_LIMIT))
        try:
            deep.requests.put((fn, args, box, done))
            done.wait()
        finally:
            sys.setrecursionlimit(old_limit)
    if "error" in box:
        raise box["error"]
    return box["value"]


def refuse_native_parser_crashers(text: str, path: str = "<file>") -> None:
    """Raise SourceError for code nested more deeply than LibCST can take.

    LibCST's native parser dies of a stack overflow (the whole process, without an exception) on about
    1,500 nested brackets, or some 20,000 chained attributes; and its cost grows with the square of the
    depth well before that. CPython is asked first (it parses several times faster than LibCST): it refuses
    more than 200 nested brackets itself, and its tree gives the depth. When CPython cannot parse the file
    for another reason (syntax newer than this interpreter, which LibCST may still parse), LibCST decides.
    """
    import ast

    try:
        tree = compile(text, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        if "too many nested" in (exc.msg or "") or "too complex" in (exc.msg or ""):
            raise SourceError(f"nested too deeply for Python's parser ({exc.msg} at line {exc.lineno}); skipped") from None
        return
    except (MemoryError, RecursionError) as exc:  # "Parser stack overflowed - Python source too complex"
        raise SourceError(f"nested too deeply for Python's parser ({str(exc) or 'too complex'}); skipped") from None
    except ValueError:  # NUL bytes: decode_source refused those already
        return
    refuse_deep_tree(tree)


def refuse_deep_tree(tree: object) -> None:
    """Raise SourceError for a CPython tree deeper than LibCST's native parser survives (see above)."""
    depth, line = _deepest(tree)
    if depth > MAX_DEPTH:
        raise SourceError(
            f"nested too deeply: {depth} levels at line {line} (the limit is {MAX_DEPTH}); skipped"
        )


def _deepest(tree: object) -> Tuple[int, int]:
    """The depth of the syntax tree's deepest node, and that node's line."""
    import ast

    deepest, line = 0, 1
    stack = [(tree, 1)]
    children = ast.iter_child_nodes
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest, line = depth, getattr(node, "lineno", line)
        stack.extend((child, depth + 1) for child in children(node))  # type: ignore[arg-type]
    return deepest, line


# -- workers and the main process ------------------------------------------------------------------------

_PARENT_PID: Optional[int] = None
_PR_SET_PDEATHSIG = 1


def worker_init(parent_pid: int) -> None:
    """Initializer of every worker process: die with the main process, and know which one it is."""
    global _PARENT_PID
    _PARENT_PID = parent_pid
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # parent_alive() before each write still holds
    if os.getppid() != parent_pid:  # the main process died before the signal was armed
        os._exit(1)


def parent_alive() -> bool:
    """False in a worker whose main process is gone (it was re-parented): such a worker must not write."""
    return _PARENT_PID is None or os.getppid() == _PARENT_PID


def main() -> None:
    """The console entry point: the CLI, with any exception that escapes it turned into one error line and
    exit status 2 (a traceback would end with status 1, which means "files changed")."""
    from sqla_upgrade.cli import main as cli_main

    try:
        cli_main(prog_name="sqla-upgrade")
    except Exception as exc:
        message = str(exc).splitlines()[0] if str(exc) else ""
        sys.stderr.write(f"sqla-upgrade: error: internal error, run stopped: {type(exc).__name__}: {message}\n")
        sys.stderr.flush()
        sys.exit(2)
