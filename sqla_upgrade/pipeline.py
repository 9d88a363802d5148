"""The per-file pipeline: pre-filter on bytes, one parse, every selected codemod in order, one codegen.

Cost model (LibCST): scope and qualified-name metadata cost several times the parse, and
``Codemod.transform_module`` would copy the tree and resolve metadata again for every codemod. So the
codemods are driven here directly: one ``MetadataWrapper`` per tree *state* (a codemod that changes nothing
leaves the tree, and so its resolved metadata, to the next one), created without a copy, with each provider
resolved lazily on first use. Imports that rewrites need are added once, after the last codemod.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field, replace
from typing import List, Optional, Sequence, Type

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import MetadataWrapper

from sqla_upgrade.codemod import FileState, RunOptions, SqlaCodemod
from sqla_upgrade.findings import Finding
from sqla_upgrade.guard import refuse_native_parser_crashers
from sqla_upgrade.source import SourceError, decode_source, faithful_code

SKIP_FILE_RE = re.compile(rb"#\s*sqla-upgrade:\s*skip-file\b")
SKIP_LINE_MARK = b"sqla-upgrade: skip"


@dataclass
class FileOutcome:
    """What processing one file's bytes produced (before anything is written)."""

    skipped: bool = False  # no codemod's trigger occurs in the file: it was not parsed
    new_data: Optional[bytes] = None  # the rewritten bytes, when they differ from the input
    findings: List[Finding] = field(default_factory=list)
    error: Optional[str] = None


def _syntax_error(text: str, path: str, exc: cst.ParserSyntaxError) -> str:
    """One readable line for a file LibCST cannot parse.

    CPython's compiler gives better positions and messages than LibCST's tokenizer errors, so it is asked
    first (only on this failure path); if CPython accepts the file, LibCST lacks support for its syntax.
    """
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as py_exc:
        return f"syntax error at {py_exc.lineno}:{py_exc.offset or 1}: {py_exc.msg}; skipped"
    except (ValueError, RecursionError, MemoryError):
        pass
    message = exc.message.splitlines()[0] if exc.message else "parse error"
    return f"LibCST cannot parse this file ({message[:120]}) at {exc.editor_line}:{exc.editor_column}; skipped"


def _unparsable(new_text: str, old_text: str, path: str) -> Optional[str]:
    """Why ``new_text`` does not parse, or None.

    CPython's parser checks it at a fraction of LibCST's cost. Only when the running interpreter cannot
    parse even the original (syntax newer than itself) is LibCST asked instead.
    """
    try:
        compile(new_text, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        return None
    except SyntaxError as exc:
        problem = f"{exc.msg} at {exc.lineno}:{exc.offset}"
    except (ValueError, RecursionError, MemoryError) as exc:
        problem = str(exc)
    try:
        compile(old_text, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        try:
            cst.parse_module(new_text)
            return None
        except cst.ParserSyntaxError as exc:
            return exc.message.splitlines()[0] if exc.message else "parse error"
    return problem


def first_comment_block(data: bytes) -> bytes:
    """The file's leading run of comment and blank lines (where `# sqla-upgrade: skip-file` is honoured)."""
    out = []
    for line in data.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and not stripped.startswith(b"#"):
            break
        out.append(line)
    return b"".join(out)


def select_codemods(
    data: bytes, codemods: Sequence[Type[SqlaCodemod]]
) -> List[Type[SqlaCodemod]]:
    return [c for c in codemods if any(t in data for t in c.TRIGGERS)]


def process_bytes(
    path: str, data: bytes, codemods: Sequence[Type[SqlaCodemod]], options: RunOptions
) -> FileOutcome:
    """Run ``codemods`` (already filtered by the run's options, in application order) over one file."""
    if SKIP_FILE_RE.search(first_comment_block(data)):
        return FileOutcome(skipped=True)
    candidates = select_codemods(data, codemods)
    if not candidates:
        return FileOutcome(skipped=True)
    try:
        source = decode_source(data)
    except SourceError as exc:
        return FileOutcome(error=str(exc))
    try:
        refuse_native_parser_crashers(source.text, path)
        module = cst.parse_module(source.text)
    except SourceError as exc:
        return FileOutcome(error=str(exc))
    except cst.ParserSyntaxError as exc:
        return FileOutcome(error=_syntax_error(source.text, path, exc))
    except RecursionError:
        return FileOutcome(error="file is nested too deeply for the parser; skipped")
    except Exception as exc:  # e.g. CSTLogicError on syntax newer than this LibCST (3.14 t-strings)
        return FileOutcome(error=f"LibCST cannot parse this file ({type(exc).__name__}: {exc}); skipped")

    state = FileState(path=path, options=options, has_skip_comments=SKIP_LINE_MARK in data)
    context = CodemodContext(filename=path)
    try:
        new_module = apply_codemods(module, codemods, context, state, data)
    except Exception as exc:  # a codemod bug must not stop the run or corrupt the file
        return FileOutcome(error=f"internal error in a codemod, file left unchanged: {type(exc).__name__}: {exc}")

    outcome = FileOutcome(findings=sorted(state.findings))
    if new_module is module:
        return outcome
    try:
        new_text = faithful_code(source.text, module, new_module)
    except SourceError as exc:
        return FileOutcome(findings=outcome.findings, error=str(exc))
    if new_text == source.text:
        return outcome
    problem = _unparsable(new_text, source.text, path)
    if problem is not None:  # a codemod produced invalid code: never write it
        return FileOutcome(
            findings=outcome.findings,
            error=f"internal error: the rewrite does not parse ({problem}); file left unchanged",
        )
    try:
        outcome.new_data = source.encode(new_text)
    except UnicodeEncodeError:
        return FileOutcome(
            findings=outcome.findings,
            error=f"the rewrite cannot be encoded as {source.encoding}; file left unchanged",
        )
    return outcome


def apply_codemods(
    module: cst.Module,
    codemods: Sequence[Type[SqlaCodemod]],
    context: CodemodContext,
    state: FileState,
    data: bytes,
) -> cst.Module:
    """Apply, in order, each of ``codemods`` that is triggered by the file's bytes ``data`` or by what an
    earlier codemod that changed the tree may have written (its EMITS)."""
    tree = module
    wrapper: Optional[MetadataWrapper] = None
    emitted = b""  # the EMITS snippets of codemods that changed the tree, one per line
    for codemod_cls in codemods:
        if not any(t in data or t in emitted for t in codemod_cls.TRIGGERS):
            continue
        if wrapper is None or wrapper.module is not tree:
            # A new tree state: the tree came out of a transformer, so no defensive copy is needed.
            wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
        codemod = codemod_cls(context, state)
        codemod.context = context = _with_wrapper(context, wrapper)
        with codemod.resolve(wrapper):
            visited = wrapper.module.visit(codemod)
        if codemod.changed:
            tree = visited
            emitted += b"".join(e + b"\n" for e in codemod_cls.EMITS)
        # else: keep the tree the wrapper holds, so the next codemod reuses its resolved metadata
    for key, visitor_cls in (
        (AddImportsVisitor.CONTEXT_KEY, AddImportsVisitor),
        (RemoveImportsVisitor.CONTEXT_KEY, RemoveImportsVisitor),
    ):
        if context.scratch.get(key):
            visitor = visitor_cls(context)
            wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
            visitor.context = _with_wrapper(context, wrapper)
            with visitor.resolve(wrapper):
                tree = wrapper.module.visit(visitor)
    return tree


def _with_wrapper(context: CodemodContext, wrapper: MetadataWrapper) -> CodemodContext:
    # The scratch dict is shared by the copies on purpose: imports scheduled by one codemod must survive
    # to the final import pass of the same file (a fresh context per file keeps them from leaking).
    return replace(context, wrapper=wrapper)
