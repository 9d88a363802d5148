"""The base class every codemod derives from, and the per-file state codemods share.

A codemod is a LibCST ``VisitorBasedCodemodCommand`` that also declares, as class attributes at the top of
its class, what the CLI and the engine need to know without running it: its id, summary, safety, error
code, minimum target, text triggers and before/after examples.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import ClassVar, Dict, List, Optional, Sequence, Set, Tuple

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst._metadata_dependent import LazyValue
from libcst.metadata import PositionProvider, QualifiedNameProvider, ScopeProvider

from sqla_upgrade.findings import Finding
from sqla_upgrade.matchers import SqlaImportStyle, assigned_values, bound_values, proven_sequence
from sqla_upgrade.receivers import proven_fromclause
from sqla_upgrade.suppress import skipped_parts


class Safety(str, enum.Enum):
    """How far a codemod's rewrites can be trusted (what `sqla-upgrade list` prints)."""

    #: every rewrite keeps the program's behaviour
    SAFE = "safe"
    #: some rewrites are right only in the common case; those are applied with --unsafe-fixes
    HEURISTIC = "heuristic"
    #: never rewrites, only reports
    REPORT_ONLY = "report-only"


@dataclass(frozen=True)
class Example:
    """A before/after pair: printed by `sqla-upgrade explain` and checked by the test-suite."""

    before: str
    after: str
    # Set when the rewrite is an unsafe fix (only applied with --unsafe-fixes).
    unsafe: bool = False


TARGETS = ("2.0", "2.1")


@dataclass
class RunOptions:
    """The options of one run that change what codemods do (picklable: sent to worker processes)."""

    unsafe_fixes: bool = False
    target: str = "2.0"
    select: Optional[Tuple[str, ...]] = None
    ignore: Tuple[str, ...] = ()
    # Alembic env.py: "auto" (when the project names a sqlite URL), "sqlite" or "always".
    alembic_batch: str = "auto"
    # Also report each skip comment that suppressed nothing (suppress.unused_skips).
    report_unused_skips: bool = False


@dataclass
class FileState:
    """What the codemods applied to one file share: its path, the run options and the findings so far."""

    path: str
    options: RunOptions
    findings: List[Finding] = field(default_factory=list)
    # Whether the file contains a `# sqla-upgrade: skip` comment at all (statements are then checked).
    has_skip_comments: bool = False
    # Free-form facts a codemod wants to pass to later ones (keyed by codemod id).
    facts: Dict[str, object] = field(default_factory=dict)
    # The ids of the codemods that changed the tree, in order (for --statistics).
    changed_by: List[str] = field(default_factory=list)


class SqlaCodemod(VisitorBasedCodemodCommand):
    """Base of every sqla-upgrade codemod.

    Subclasses set the class attributes below and implement ordinary LibCST ``leave_*`` methods. They use
    :meth:`report` for what must be migrated by hand and :meth:`allow_unsafe` before an unsafe rewrite.
    """

    ID: ClassVar[str]
    SUMMARY: ClassVar[str]
    SAFETY: ClassVar[Safety]
    #: sqlalche.me error code (the part after /e/20/), or None.
    ERROR_CODE: ClassVar[Optional[str]]
    #: lowest --target whose SQLAlchemy accepts this codemod's output.
    MIN_TARGET: ClassVar[str] = "2.0"
    #: byte strings of which at least one occurs in any file this codemod could change or report.
    TRIGGERS: ClassVar[Tuple[bytes, ...]]
    #: snippets of code this codemod's rewrites can write (e.g. b".where("): a later codemod one of whose
    #: TRIGGERS occurs in one of them also runs on a file this codemod changed, even when the original
    #: bytes did not trigger it.
    EMITS: ClassVar[Tuple[bytes, ...]] = ()
    EXAMPLES: ClassVar[Tuple[Example, ...]] = ()

    # Nothing is resolved eagerly: metadata is asked of the wrapper on first use (and cached there, per tree
    # state), so a codemod that meets no candidate node in a file costs one traversal and no metadata.
    METADATA_DEPENDENCIES = ()

    def __init__(self, context: CodemodContext, state: Optional[FileState] = None) -> None:
        super().__init__(context)
        # Without a state (LibCST's own runner: `python -m libcst.tool codemod ...`), default options apply
        # and every statement is checked for skip comments.
        self.state = state if state is not None else FileState(
            path=context.filename or "-", options=RunOptions(), has_skip_comments=True
        )
        self._skipped: Set[int] = set()
        self._style: Optional[SqlaImportStyle] = None
        self._values: Optional[Dict[cst.Name, cst.BaseExpression]] = None
        #: whether any leave_* method returned a node other than the one it was given. LibCST rebuilds
        #: every parent on the way up even when nothing changed, so tree identity cannot tell.
        self.changed = False

    # -- matching ---------------------------------------------------------------------------------------

    def qualified_names(self, node: cst.CSTNode) -> Set[str]:
        """Qualified names of ``node`` (an original node), e.g. ``{"sqlalchemy.select"}``."""
        value = self.context.wrapper.resolve(QualifiedNameProvider).get(node, set())  # type: ignore[union-attr]
        if isinstance(value, LazyValue):  # LibCST computes qualified names per node on demand
            value = value()
        return {q.name for q in value}

    def sqla_style(self) -> SqlaImportStyle:
        """How this module spells SQLAlchemy names (for names a rewrite adds)."""
        if self._style is None:
            wrapper = self.context.wrapper
            self._style = SqlaImportStyle(wrapper.module, wrapper.resolve(ScopeProvider))  # type: ignore
        return self._style

    def sqla_ref(self, name: str) -> cst.BaseExpression:
        """``name`` from sqlalchemy, spelled in this module's style, its import scheduled if needed."""
        return self.sqla_style().ref(self.context, name)

    def _scopes_and_values(self):
        # Both computed lazily, once per codemod and tree state, and only in files that need a proof.
        if self._values is None:
            self._values = assigned_values(self.context.wrapper.module)  # type: ignore[union-attr]
        return self.context.wrapper.resolve(ScopeProvider), self._values  # type: ignore[union-attr]

    def bound_values(self, name: cst.Name) -> Optional[List[cst.BaseExpression]]:
        """The values of every plain ``name = value`` binding of ``name`` (an original node), or None when
        any binding is of another kind (see matchers.bound_values)."""
        return bound_values(name, *self._scopes_and_values())

    def proven_sequence(self, node: cst.BaseExpression) -> bool:
        """Whether ``node`` (an original node) provably holds a list/tuple (see matchers.proven_sequence)."""
        return proven_sequence(node, *self._scopes_and_values())

    def proven_fromclause(self, node: cst.BaseExpression) -> bool:
        """Whether ``node`` (an original node) is provably a Table/TableClause/Alias/Join (receivers.py)."""
        return proven_fromclause(node, self.qualified_names, *self._scopes_and_values())

    # -- reporting --------------------------------------------------------------------------------------

    def report(
        self,
        node: cst.CSTNode,
        message: str,
        *,
        code: Optional[str] = None,
        fix_available: bool = False,
    ) -> None:
        """Record a finding at ``node`` (a node of the tree this codemod is visiting, i.e. an original node)."""
        pos = self.context.wrapper.resolve(PositionProvider)[node].start  # type: ignore[union-attr]
        self.state.findings.append(
            Finding(
                path=self.state.path,
                line=pos.line,
                col=pos.column + 1,
                rule_id=self.ID,
                message=message,
                code=code if code is not None else self.ERROR_CODE,
                fix_available=fix_available,
            )
        )

    def allow_unsafe(self, node: cst.CSTNode, message: str) -> bool:
        """Whether an unsafe rewrite of ``node`` may be applied; if not, report it as a fixable finding."""
        if self.state.options.unsafe_fixes:
            return True
        self.report(node, message, fix_available=True)
        return False

    # -- `# sqla-upgrade: skip` -------------------------------------------------------------------------

    # Dispatch as a plain CSTTransformer does. The inherited MatcherDecoratableTransformer runs matcher
    # bookkeeping on every node and on every attribute of every node; no codemod here uses matcher
    # decorators or per-attribute hooks, and that bookkeeping was most of a run's time on real trees.

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.state.has_skip_comments:
            self._skipped.update(id(part) for part in skipped_parts(node, self.ID))
        if self._skipped and id(node) in self._skipped:
            return False
        visit = getattr(self, f"visit_{type(node).__name__}", None)
        return (visit(node) if visit is not None else None) is not False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        pass

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        pass

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        if self._skipped and id(original_node) in self._skipped:
            return original_node  # its children were not visited: nothing in it changed
        leave = getattr(self, f"leave_{type(original_node).__name__}", None)
        result = leave(original_node, updated_node) if leave is not None else updated_node
        if result is not updated_node:
            self.changed = True
        return result
