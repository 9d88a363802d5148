"""The base class every codemod derives from, and the per-file state codemods share.

A codemod is a LibCST ``VisitorBasedCodemodCommand`` that also declares, as class attributes at the top of
its class, what the CLI and the engine need to know without running it: its id, summary, safety, error
code, minimum target, text triggers and before/after examples.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import ClassVar, Dict, List, Optional, Set, Tuple

import libcst as cst
from libcst.codemod import Codemod, CodemodContext, VisitorBasedCodemodCommand

from sqla_upgrade.detect import Sites
from sqla_upgrade.findings import Finding
from sqla_upgrade.kinds import Kind
from sqla_upgrade.matchers import SqlaImportStyle, bound_values, proven_sequence
from sqla_upgrade.scopes import BindingKind
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
ALLOW_UNMAPPED_ON = ("class", "base")


@dataclass
class RunOptions:
    """The options of one run that change what codemods do (picklable: sent to worker processes)."""

    unsafe_fixes: bool = False
    target: str = "2.0"
    select: Optional[Tuple[str, ...]] = None
    ignore: Tuple[str, ...] = ()
    # Alembic batch mode: "auto" (when the project names a sqlite URL), "sqlite", "always" or "never".
    alembic_batch: str = "auto"
    # Where allow-unmapped puts `__allow_unmapped__ = True`: "class" (each class that needs it) or "base"
    # (once on the project's declarative base).
    allow_unmapped_on: str = "class"
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
    #: name resolution (scopes.FileNames) and receiver inference (inference.Inference) for the tree
    names: Optional[object] = None
    inference: Optional[object] = None
    #: the file's text as read, and the positions of the tree being visited (positions.FilePositions)
    source_text: str = ""
    positions: Optional[object] = None
    tree: Optional[cst.Module] = None
    original: Optional[cst.Module] = None
    #: the statements the stage being run visits (detect.hot_map: id of a statement → whether it is
    #: entered; absent: entered), or None when every statement is
    hot: Optional[Dict[int, bool]] = None
    _tree_lines: Optional[Tuple[cst.Module, List[str]]] = None

    def tree_lines(self) -> List[str]:
        """The lines of the tree being visited (the file as read, until an earlier stage rewrote it)."""
        tree = self.tree
        if self._tree_lines is None or self._tree_lines[0] is not tree:
            text = self.source_text if tree is None or tree is self.original else tree.code
            self._tree_lines = (tree, text.split("\n"))  # type: ignore[assignment]
        return self._tree_lines[1]  # type: ignore[index]


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
    #: byte strings of which at least one occurs in any file this codemod could change or report (the
    #: first gate, before any parse).
    TRIGGERS: ClassVar[Tuple[bytes, ...]]
    #: the calls this codemod can change or report, found by the cheap pass before any LibCST parse
    #: (detect.py): a file, or a top-level statement, with none is never given to it.
    SITES: ClassVar[Sites] = Sites()
    #: snippets of code this codemod's rewrites can write (e.g. b".where("): a later codemod one of whose
    #: TRIGGERS occurs in one of them also runs on a file this codemod changed, even when the original
    #: bytes did not trigger it.
    EMITS: ClassVar[Tuple[bytes, ...]] = ()
    EXAMPLES: ClassVar[Tuple[Example, ...]] = ()

    @classmethod
    def applies(cls, path: str, options: "RunOptions") -> bool:
        """Whether this codemod is for the file at ``path`` at all, decided before it is parsed (a project
        setting, say); by default it is."""
        return True

    # Nothing is resolved eagerly: metadata is asked of the wrapper on first use (and cached there, per tree
    # state), so a codemod that meets no candidate node in a file costs one traversal and no metadata.
    METADATA_DEPENDENCIES = ()

    def __init__(self, context: CodemodContext, state: Optional[FileState] = None) -> None:
        # Not super().__init__: MatcherDecoratableTransformer's scans every attribute of the class for
        # matcher decorators on each instance (a codemod per file with sites: a large share of a run), and
        # no codemod here uses them (on_visit/on_leave below dispatch like a plain CSTTransformer).
        Codemod.__init__(self, context)
        cst.CSTTransformer.__init__(self)
        self._extra_visit_funcs = {}
        self._extra_leave_funcs = {}
        # Without a state (LibCST's own runner: `python -m libcst.tool codemod ...`), default options apply
        # and every statement is checked for skip comments (see transform_module_impl).
        self.state = state if state is not None else FileState(
            path=context.filename or "-", options=RunOptions(), has_skip_comments=True
        )
        self._skipped: Set[int] = set()
        self._style: Optional[SqlaImportStyle] = None
        #: whether any leave_* method returned a node other than the one it was given. LibCST rebuilds
        #: every parent on the way up even when nothing changed, so tree identity cannot tell.
        self.changed = False

    # -- matching ---------------------------------------------------------------------------------------

    def qualified_names(self, node: cst.CSTNode) -> Set[str]:
        """Qualified names of ``node`` (an original node), e.g. ``{"sqlalchemy.select"}`` (scopes.py)."""
        return self.state.names.qualified_names(node)  # type: ignore[union-attr]

    def sqla_style(self) -> SqlaImportStyle:
        """How this module spells SQLAlchemy names (for names a rewrite adds)."""
        if self._style is None:
            self._style = SqlaImportStyle(self.context.wrapper.module, self.state.names)  # type: ignore
        return self._style

    def sqla_ref(self, name: str) -> cst.BaseExpression:
        """``name`` from sqlalchemy, spelled in this module's style, its import scheduled if needed."""
        return self.sqla_style().ref(self.context, name)

    def sqla_ref_here(self, name: str) -> Optional[cst.BaseExpression]:
        """Like :meth:`sqla_ref`, but None when a binding of ``name`` in the function or class being visited
        (which the module-level style cannot see: a parameter called ``text``) would shadow it."""
        style = self.sqla_style()
        if style.alias is None and not style.name_is_taken(name, f"sqlalchemy.{name}"):
            found = self.state.names.lookup(name)  # type: ignore[union-attr]
            if found is not None and not found[0].is_module and not all(
                b.kind == BindingKind.IMPORT and b.qualified == f"sqlalchemy.{name}" for b in found[1]
            ):
                return None
        return self.sqla_ref(name)

    def bound_values(self, name: cst.Name) -> Optional[List[cst.BaseExpression]]:
        """The values of every plain ``name = value`` binding of ``name`` (an original node), or None when
        any binding is of another kind (see matchers.bound_values)."""
        return bound_values(name, self.state.names)  # type: ignore[arg-type]

    def proven_sequence(self, node: cst.BaseExpression) -> bool:
        """Whether ``node`` (an original node) provably holds a list/tuple (see matchers.proven_sequence)."""
        return proven_sequence(node, self.state.names)  # type: ignore[arg-type]

    def kind_of(self, node: cst.BaseExpression) -> str:
        """What ``node`` (an original node) evaluates to: a ``kinds.Kind`` (inference.py)."""
        return self.state.inference.kind_of(node)  # type: ignore[union-attr]

    def proven_fromclause(self, node: cst.BaseExpression) -> bool:
        """Whether ``node`` (an original node) is provably a Table/TableClause/Alias/Join (inference.py)."""
        return self.kind_of(node) in (Kind.FROMCLAUSE, Kind.JOIN)

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
        pos = self.state.positions.range_of(node).start  # type: ignore[union-attr]
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

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        """LibCST's own runner (`python -m libcst.tool codemod ...`): the traversal a run of the tool does,
        for this codemod alone (LibCST's runner then adds the imports it scheduled)."""
        from sqla_upgrade.pipeline import run_alone  # the pipeline imports this module

        return run_alone(self, tree)

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
