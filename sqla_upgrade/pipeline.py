"""The per-file pipeline: a cheap scan of every file, then one LibCST parse and one batched traversal of the
files that have something to change or report.

1. :func:`scan_bytes` (every file, in the workers): the byte triggers of the enabled codemods are the first
   gate; then Python's ``ast`` gives the module's facts for the project index and the call sites of each
   codemod (``detect.py``).
2. :func:`rewrite_bytes` (files with sites, once the parent has merged the index): one LibCST parse; the
   codemods with sites run together in one traversal (:class:`Batch`, the model is Fixit's), which visits
   only the statements that hold a site (and the expressions within them). Names are resolved by ``scopes.py`` and receivers by
   ``inference.py``, lazily; positions are computed only for the statements that report (``positions.py``).
   Imports that rewrites need are added once, at the end.

Stages: a codemod whose triggers occur in what an earlier codemod writes (its EMITS: select-legacy writes
``.where("x = 5")``, which string-sql-fragment fixes) runs in a later traversal over the rewritten tree,
visiting only the statements that changed or hold its own sites. Within a stage, every codemod sees the
original nodes, so what one codemod decides never depends on what another rewrote.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, Tuple, Type

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import PositionProvider

from sqla_upgrade.codemod import FileState, RunOptions, SqlaCodemod
from sqla_upgrade.detect import FileScan, Range, digest, hot_map, scan, sites_in
from sqla_upgrade.findings import Finding
from sqla_upgrade.guard import refuse_deep_tree
from sqla_upgrade.index import ProjectIndex, module_name_for
from sqla_upgrade.inference import Inference
from sqla_upgrade.positions import FilePositions
from sqla_upgrade.scopes import SCOPE_NODES, FileNames
from sqla_upgrade.source import SourceError, decode_source, faithful_code
from sqla_upgrade.suppress import has_skip_marks, skipped_parts, skips_file, unused_skips



@dataclass
class FileOutcome:
    """What processing one file's bytes produced (before anything is written)."""

    skipped: bool = False  # nothing in the file for an enabled codemod: it was not LibCST-parsed
    suppressed: bool = False  # a `# sqla-upgrade: skip-file` comment: it was not parsed
    changed_by: List[str] = field(default_factory=list)  # ids of the codemods that rewrote it
    new_data: Optional[bytes] = None  # the rewritten bytes, when they differ from the input
    findings: List[Finding] = field(default_factory=list)
    error: Optional[str] = None
    #: the scan of the rewritten file (facts for the index), when it changed
    new_scan: Optional[FileScan] = None


def _syntax_error_message(exc: SyntaxError) -> str:
    return f"syntax error at {exc.lineno}:{exc.offset or 1}: {exc.msg}; skipped"


def _libcst_error(text: str, path: str, exc: cst.ParserSyntaxError) -> str:
    """One readable line for a file CPython accepts and LibCST does not (syntax newer than LibCST)."""
    message = exc.message.splitlines()[0] if exc.message else "parse error"
    return f"LibCST cannot parse this file ({message[:120]}) at {exc.editor_line}:{exc.editor_column}; skipped"


def select_codemods(
    data: bytes, codemods: Sequence[Type[SqlaCodemod]], path: Optional[str] = None, options: Optional[RunOptions] = None
) -> List[Type[SqlaCodemod]]:
    """The codemods one of whose byte triggers occurs in ``data`` (the first, cheapest gate) and that are
    for this file (``SqlaCodemod.applies``)."""
    found = [c for c in codemods if any(t in data for t in c.TRIGGERS)]
    if path is not None and options is not None:
        found = [c for c in found if c.applies(path, options)]
    return found


def specs_of(codemods: Sequence[Type[SqlaCodemod]]):
    return [(c.ID, c.SITES) for c in codemods]


# -- phase 1: the scan ----------------------------------------------------------------------------------


@dataclass
class Scanned:
    """Phase 1's answer for one file."""

    scan: Optional[FileScan] = None
    skipped: bool = False  # no trigger of an enabled codemod
    suppressed: bool = False  # a skip-file comment
    error: Optional[str] = None


def parse_ast(text: str, path: str) -> ast.Module:
    """CPython's parser: refuses what LibCST's native parser could crash on (too many nested parentheses)."""
    return ast.parse(text, filename=path)


def scan_bytes(
    path: str,
    data: bytes,
    codemods: Sequence[Type[SqlaCodemod]],
    module: Optional[Tuple[str, bool]] = None,
    options: Optional[RunOptions] = None,
    honour_skips: bool = True,
) -> Scanned:
    """Facts and sites of one file. A file no enabled codemod's trigger occurs in is still read for the
    index (it may define or re-export the project's engine); errors are only reported for the others."""
    if honour_skips and skips_file(data):
        return Scanned(suppressed=True)
    triggered = select_codemods(data, codemods, path, options)
    name, is_package = module if module is not None else ("", False)
    try:
        source = decode_source(data)
    except SourceError as exc:
        return Scanned(skipped=True) if not triggered else Scanned(error=str(exc))
    try:
        tree = parse_ast(source.text, path)
    except SyntaxError as exc:
        if not triggered:
            return Scanned(skipped=True)
        if "too many nested" in (exc.msg or "") or "too complex" in (exc.msg or ""):
            return Scanned(error=f"nested too deeply for Python's parser ({exc.msg} at line {exc.lineno}); skipped")
        if _libcst_parses(source.text):
            # Syntax newer than this interpreter (PEP 695 on 3.11) that LibCST knows: no cheap pass, so
            # every triggered codemod gets the whole file.
            return Scanned(scan=FileScan(facts=None, sites={c.ID: [(1, 1 << 30)] for c in triggered}, digest=digest(data)))
        return Scanned(error=_syntax_error_message(exc))
    except (RecursionError, MemoryError) as exc:  # "Parser stack overflowed - Python source too complex"
        if not triggered:
            return Scanned(skipped=True)
        return Scanned(error=f"nested too deeply for Python's parser ({str(exc) or 'too complex'}); skipped")
    except ValueError as exc:
        if not triggered:
            return Scanned(skipped=True)
        return Scanned(error=f"Python cannot parse this file ({type(exc).__name__}: {exc}); skipped")
    triggers = [t for c in triggered for t in c.TRIGGERS]
    result = scan(tree, data, specs_of(triggered), module=name, path=path, is_package=is_package, triggers=triggers)
    return Scanned(scan=result, skipped=not triggered)


def _libcst_parses(text: str) -> bool:
    try:
        cst.parse_module(text)
        return True
    except Exception:
        return False


# -- phase 2: the rewrite -------------------------------------------------------------------------------


def process_bytes(
    path: str,
    data: bytes,
    codemods: Sequence[Type[SqlaCodemod]],
    options: RunOptions,
    index: Optional[ProjectIndex] = None,
    module: Optional[Tuple[str, bool]] = None,
    detect: bool = True,
    honour_skips: bool = True,
) -> FileOutcome:
    """Both phases for one file (standard input, tests): its own facts are its index unless one is given.
    ``detect=False`` gives every triggered codemod the whole file (what detection must never change);
    ``honour_skips=False`` ignores every skip comment (how suppress.unused_skips tells what they suppress)."""
    if module is None:
        # A file not on disk (standard input, a test's source) is a module of its own, so that its own facts
        # are in its index like any project module's.
        if path not in ("-", "<stdin>") and not path.startswith("<") and _exists(path):
            module = module_name_for(path)
        else:
            module = (_lone_module(path), False)
    scanned = scan_bytes(path, data, codemods, module, options, honour_skips)
    if scanned.error is not None:
        return FileOutcome(error=scanned.error)
    if scanned.suppressed:
        outcome = FileOutcome(suppressed=True)
    elif scanned.skipped or scanned.scan is None:
        return FileOutcome(skipped=True)
    else:
        if index is None:
            index = ProjectIndex()
            if scanned.scan.facts is not None:
                index.add(scanned.scan.facts)
        outcome = rewrite_bytes(
            path, data, codemods, options, scanned.scan, index, module, detect=detect, honour_skips=honour_skips
        )
    return with_unused_skips(path, data, codemods, options, outcome, honour_skips)


def with_unused_skips(path, data, codemods, options, outcome: FileOutcome, honour_skips: bool = True) -> FileOutcome:
    """With --report-unused-skips, a finding for each skip comment that suppressed nothing."""
    if options.report_unused_skips and honour_skips and has_skip_marks(data):
        outcome.findings = sorted(outcome.findings + unused_skips(path, data, codemods, options, outcome))
    return outcome


def _lone_module(path: str) -> str:
    """A module name for a file that is not on disk: its stem (a test's `example.py`), or `__main__`, as
    Python names a script, for standard input (bound-metadata and query-strings resolve the module's own
    engine and classes through its facts)."""
    import os

    stem = os.path.splitext(os.path.basename(path))[0]
    return stem if stem.isidentifier() and stem != "__init__" else "__main__"


def _exists(path: str) -> bool:
    import os

    return os.path.isfile(path)


def rewrite_bytes(
    path: str,
    data: bytes,
    codemods: Sequence[Type[SqlaCodemod]],
    options: RunOptions,
    file_scan: FileScan,
    index: Optional[ProjectIndex],
    module: Optional[Tuple[str, bool]] = None,
    detect: bool = True,
    honour_skips: bool = True,
) -> FileOutcome:
    """Parse ``data`` with LibCST and apply the codemods that have sites in it (``file_scan`` + ``index``)."""
    triggered = select_codemods(data, codemods, path, options)
    if detect:
        sites = sites_in(file_scan, index, specs_of(triggered))
    else:
        sites = {c.ID: [(1, 1 << 30)] for c in triggered}
    if not sites:
        return FileOutcome(skipped=True)
    try:
        source = decode_source(data)
    except SourceError as exc:
        return FileOutcome(error=str(exc))
    try:
        # CPython's statements say where each LibCST statement lies (LibCST has no cheap line numbers);
        # its tree also tells code nested more deeply than LibCST's native parser survives.
        ast_tree: Optional[ast.Module] = parse_ast(source.text, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        ast_tree = None  # syntax newer than this interpreter: LibCST decides
    try:
        if ast_tree is not None:
            refuse_deep_tree(ast_tree)
        tree = cst.parse_module(source.text)
    except SourceError as exc:
        return FileOutcome(error=str(exc))
    except cst.ParserSyntaxError as exc:
        return FileOutcome(error=_libcst_error(source.text, path, exc))
    except RecursionError:
        return FileOutcome(error="file is nested too deeply for the parser; skipped")
    except Exception as exc:  # e.g. CSTLogicError on syntax newer than this LibCST (3.14 t-strings)
        return FileOutcome(error=f"LibCST cannot parse this file ({type(exc).__name__}: {exc}); skipped")

    name, is_package = module if module is not None else ("", False)
    names = FileNames(
        module_name=name, is_package=is_package, index=index, has_walrus=b":=" in data, has_global=b"global" in data
    )
    state = FileState(
        path=path,
        options=options,
        has_skip_comments=honour_skips and has_skip_marks(data),
        names=names,
        inference=Inference(names),
        source_text=source.text,
        original=tree,
    )
    context = CodemodContext(filename=path, full_module_name=name or None)
    applicable = [c for c in codemods if c.applies(path, options)]
    try:
        new_tree = apply_codemods(tree, applicable, sites, ast_tree, context, state)
    except Exception as exc:  # a codemod bug must not stop the run or corrupt the file
        return FileOutcome(error=f"internal error in a codemod, file left unchanged: {type(exc).__name__}: {exc}")

    outcome = FileOutcome(findings=sorted(state.findings), changed_by=state.changed_by)
    if new_tree is tree:
        return outcome
    try:
        # every byte outside a rewrite as it was (form feeds in indentation, a CR-only last line ending)
        new_text = faithful_code(source.text, tree, new_tree)
    except SourceError as exc:
        return FileOutcome(findings=outcome.findings, error=str(exc))
    if new_text == source.text:
        return outcome
    new_ast: Optional[ast.Module] = None
    try:
        new_ast = ast.parse(new_text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        # Syntax newer than this interpreter (CPython could not parse the original either): LibCST checks.
        if ast_tree is not None or not _libcst_parses(new_text):
            problem = f"{getattr(exc, 'msg', exc)} at {getattr(exc, 'lineno', '?')}:{getattr(exc, 'offset', '?')}"
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
    # The index must hold the facts a second run would see (a rewrite may change them).
    if new_ast is not None:
        outcome.new_scan = scan(new_ast, outcome.new_data, [], module=name, path=path, is_package=is_package)
    return outcome


# -- the batched traversal ------------------------------------------------------------------------------


def plan_stages(active: Sequence[Type[SqlaCodemod]]) -> List[List[Type[SqlaCodemod]]]:
    """Group ``active`` (in application order) into traversals: a codemod goes one stage after the last
    earlier one whose EMITS contain one of its triggers."""
    stage_of: Dict[str, int] = {}
    for i, c in enumerate(active):
        s = 0
        for e in active[:i]:
            if _emits_trigger(e, c):
                s = max(s, stage_of[e.ID] + 1)
        stage_of[c.ID] = s
    stages: List[List[Type[SqlaCodemod]]] = [[] for _ in range(max(stage_of.values(), default=-1) + 1)]
    for c in active:
        stages[stage_of[c.ID]].append(c)
    return stages


def _emits_trigger(emitter: Type[SqlaCodemod], consumer: Type[SqlaCodemod]) -> bool:
    return any(t in e for e in emitter.EMITS for t in consumer.TRIGGERS)


def apply_codemods(
    module: cst.Module,
    codemods: Sequence[Type[SqlaCodemod]],
    sites: Dict[str, List[Range]],
    ast_tree: Optional[ast.Module],
    context: CodemodContext,
    state: FileState,
) -> cst.Module:
    """Apply the codemods of ``codemods`` (enabled, in application order) that have ``sites``, and those
    triggered by what an earlier one wrote; add the imports they scheduled."""
    active = [c for c in codemods if c.ID in sites]
    stages = plan_stages(active)
    tree = module
    emitted: List[Type[SqlaCodemod]] = []  # codemods that changed the tree, whose EMITS may trigger later ones
    ran: Set[str] = set()
    k = 0
    while k < len(stages) or _triggered_later(codemods, emitted, ran):
        # a codemod planned for a later stage may already have run, pulled forward by what an earlier stage wrote
        stage = [c for c in stages[k] if c.ID not in ran] if k < len(stages) else []
        for c in _triggered_later(codemods, emitted, ran):
            if c not in stage:
                stage.append(c)
        stage.sort(key=lambda c: codemods.index(c))
        own = [r for c in stage for r in sites.get(c.ID, ())]
        starts: Dict[int, Tuple[int, int]] = {}
        hot = _hot(module, tree, ast_tree, own, starts)
        # CPython's line numbers are those of the original text: only the first stage's tree has them
        instances, tree = _run_stage(tree, stage, hot, context, state, starts if tree is module else {})
        state.changed_by.extend(type(i).ID for i in instances if i.changed)
        ran.update(c.ID for c in stage)
        emitted.extend(type(i) for i in instances if i.changed and type(i).EMITS)
        k += 1
        if k > len(codemods) + 1:  # cannot happen (each codemod runs once); a guard against a loop
            break
    return _add_imports(tree, context)


def _triggered_later(
    codemods: Sequence[Type[SqlaCodemod]], emitted: Sequence[Type[SqlaCodemod]], ran: Set[str]
) -> List[Type[SqlaCodemod]]:
    out = []
    for c in codemods:
        if c.ID in ran:
            continue
        if any(_emits_trigger(e, c) and codemods.index(e) < codemods.index(c) for e in emitted):
            out.append(c)
    return out


def _hot(
    original: cst.Module,
    tree: cst.Module,
    ast_tree: Optional[ast.Module],
    own_sites: Sequence[Range],
    starts: Dict[int, Tuple[int, int]],
) -> Optional[Dict[int, bool]]:
    """Which statements a stage visits: those holding its own sites, and (after an earlier stage) every
    statement that stage rewrote. None: all of them."""
    if ast_tree is None:
        return None
    # Keyed by the original statements: one an earlier stage rebuilt is a new object, absent from the
    # map, so visited; one it left alone keeps its identity and its answer.
    return hot_map(original, ast_tree, own_sites, starts)


def run_alone(codemod: SqlaCodemod, tree: cst.Module) -> cst.Module:
    """One codemod over a whole tree outside a run (LibCST's runner): no detection, no index."""
    state = codemod.state
    if state.names is None:
        code = tree.code
        state.names = FileNames(has_walrus=":=" in code, has_global="global" in code)
        state.inference = Inference(state.names)  # type: ignore[arg-type]
    state.source_text = state.source_text or tree.code
    state.original = state.tree = tree
    positions = FilePositions(tree)
    state.positions = positions
    batch = Batch([codemod], state, None, positions)
    new_tree = tree.visit(batch)
    return new_tree if codemod.changed else tree  # type: ignore[return-value]


class _Wrapper:
    """What codemods find as ``context.wrapper``: the tree, and positions (LibCST's scope and
    qualified-name metadata are replaced by ``state.names``)."""

    def __init__(self, module: cst.Module, positions: FilePositions) -> None:
        self.module = module
        self.positions = positions

    def resolve(self, provider):
        if provider is PositionProvider:
            return self.positions
        raise NotImplementedError(f"{provider.__name__} is not resolved by this engine: use state.names")


def _run_stage(tree, stage, hot, context, state, starts) -> Tuple[List[SqlaCodemod], cst.Module]:
    positions = FilePositions(tree)
    positions.starts = starts
    state.positions = positions
    state.tree = tree
    state.hot = hot
    context = _with_wrapper(context, _Wrapper(tree, positions))
    instances = []
    for c in stage:
        codemod = c(context, state)
        codemod.context = context
        instances.append(codemod)
    batch = Batch(instances, state, hot, positions)
    new_tree = tree.visit(batch)
    if not any(i.changed for i in instances):
        return instances, tree
    return instances, new_tree  # type: ignore[return-value]


def _with_wrapper(context: CodemodContext, wrapper) -> CodemodContext:
    # The scratch dict is shared by the copies on purpose: imports scheduled by one codemod must survive
    # to the final import pass of the same file (a fresh context per file keeps them from leaking).
    from dataclasses import replace

    return replace(context, wrapper=wrapper)


# Exact node types (isinstance against LibCST's abstract base classes costs an ABC check per node).
STATEMENT_TYPES = frozenset(
    t for t in vars(cst).values() if isinstance(t, type) and issubclass(t, cst.BaseStatement) and not getattr(t, "__abstractmethods__", None)
)
_SCOPE_OWNERS = frozenset({cst.FunctionDef, cst.ClassDef, cst.Lambda})
_COMPREHENSIONS = frozenset(SCOPE_NODES[3:])


class Batch(cst.CSTTransformer):
    """One traversal that drives several codemods (each a LibCST transformer) at once.

    Each codemod's ``visit_<Node>``/``leave_<Node>`` methods are called in application order (looked up once
    per node type); a codemod that declines a subtree (``visit_`` returns False) is not called inside it,
    the others are. On leave, each codemod gets the original node and what the codemods before it made of
    it, as if it alone had changed the children. Statements without a site, and statements carrying a
    ``# sqla-upgrade: skip`` comment, are not entered at all.
    """

    def __init__(self, codemods: Sequence[SqlaCodemod], state: FileState, hot: Optional[Dict[int, bool]], positions: FilePositions) -> None:
        self.codemods = list(codemods)
        self.state = state
        self.names = state.names
        self.hot = hot
        self.positions = positions
        self.statements = positions.statements
        self._tables: Dict[type, Tuple[list, list]] = {}
        self._declined: Dict[int, int] = {}  # codemod index → id of the node whose subtree it declined
        self._suppressed: Dict[int, Set[int]] = {}  # id(node) → codemods a skip comment takes it from
        self._silenced: Set[Tuple[int, int]] = set()  # (codemod, node) declined by a skip comment
        self._skipped: Set[int] = set()
        self._scope_bodies: Dict[int, cst.CSTNode] = {}  # id(body) → the def/class/lambda it belongs to
        self._pushed: Set[int] = set()
        self._depth = 0
        self._top_index = -1

    def _table(self, node_type: type) -> Tuple[list, list]:
        table = self._tables.get(node_type)
        if table is None:
            name = node_type.__name__
            visits, leaves = [], []
            for i, c in enumerate(self.codemods):
                visit = getattr(c, "visit_" + name, None)
                leave = getattr(c, "leave_" + name, None)
                if visit is not None:
                    visits.append((i, visit))
                if leave is not None:
                    leaves.append((i, c, leave))
            table = self._tables[node_type] = (visits, leaves)
        return table

    # LibCST asks a transformer about every attribute of every node (`visit_<Node>_<attr>`); no codemod
    # here has such hooks, and the look-ups were a tenth of a traversal.
    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        pass

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        pass

    def on_visit(self, node: cst.CSTNode) -> bool:
        self._depth += 1
        if self._depth == 1 and isinstance(node, cst.Module):
            self.names.enter_module(node)
        is_statement = type(node) in STATEMENT_TYPES
        if is_statement:
            if self._depth == 2:
                self._top_index += 1
                self.positions.current = self._top_index
            if self.hot is not None and not self.hot.get(id(node), True):
                self._skipped.add(id(node))
                return False
        if self.state.has_skip_comments and self._skip_comments(node):
            self._skipped.add(id(node))
            return False
        if is_statement:
            self.statements.append(node)
        self._enter_scope(node)
        declined = self._declined
        for i, visit in self._table(type(node))[0]:
            if i in declined:
                continue
            if visit(node) is False:
                declined[i] = id(node)
        return True

    def _skip_comments(self, node: cst.CSTNode) -> bool:
        """Record the parts ``# sqla-upgrade: skip[...]`` comments take from each codemod (suppress.py);
        whether ``node`` is taken from all of them (then it is not entered at all)."""
        for i, c in enumerate(self.codemods):
            for part in skipped_parts(node, c.ID):
                self._suppressed.setdefault(id(part), set()).add(i)
        taken = self._suppressed.get(id(node))
        if not taken:
            return False
        if len(taken) == len(self.codemods):
            return True
        for i in taken:  # these codemods neither visit nor leave anything in it
            self._declined.setdefault(i, id(node))
            self._silenced.add((i, id(node)))
        return False

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        self._depth -= 1
        key = id(original_node)
        if self._skipped and key in self._skipped:
            self._skipped.discard(key)
            return original_node
        result = updated_node
        declined = self._declined
        node_type = type(original_node)
        for i, codemod, leave in self._table(node_type)[1]:
            at = declined.get(i)
            if at is not None and (at != key or (i, key) in self._silenced):
                continue  # inside a subtree this codemod declined, or skipped for it
            if type(result) is not node_type:
                break  # replaced by something else (a removal, a flattening): not the node the others know
            before = result
            result = leave(original_node, result)
            if result is not before:
                codemod.changed = True
        if declined:
            for i in [i for i, at in declined.items() if at == key]:
                del declined[i]
                self._silenced.discard((i, key))
        if self.statements and self.statements[-1] is original_node:
            self.statements.pop()
        if key in self._pushed:
            self._pushed.discard(key)
            self.names.pop()
        return result

    def _enter_scope(self, node: cst.CSTNode) -> None:
        # A def's decorators, defaults and annotations are evaluated in the enclosing scope: its scope
        # starts at its body. A comprehension's starts at the comprehension (see scopes.py).
        kind = type(node)
        if kind in _SCOPE_OWNERS:
            self._scope_bodies[id(node.body)] = node  # type: ignore[attr-defined]
        owner = self._scope_bodies.pop(id(node), None) if self._scope_bodies else None
        if owner is not None:
            self.names.push(owner)
            self._pushed.add(id(node))
        elif kind in _COMPREHENSIONS:
            self.names.push(node)
            self._pushed.add(id(node))


class _TopLevelAddImports(AddImportsVisitor):
    """AddImportsVisitor only changes top-level imports: visit nothing else (a full traversal twice over,
    for an import or two, was a large share of a run)."""

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.BaseCompoundStatement):
            return False
        if isinstance(node, cst.SimpleStatementLine) and not any(
            isinstance(s, (cst.Import, cst.ImportFrom)) for s in node.body
        ):
            return False
        return super().on_visit(node)


def _add_imports(tree: cst.Module, context: CodemodContext) -> cst.Module:
    if context.scratch.get(AddImportsVisitor.CONTEXT_KEY):
        visitor = _TopLevelAddImports(context)
        tree = _with_gatherer_shortcut(lambda: tree.visit(visitor))
    scheduled = context.scratch.get(RemoveImportsVisitor.CONTEXT_KEY)
    if scheduled:
        tree = _remove_unused_imports(tree, scheduled)
    return tree


def _remove_unused_imports(tree: cst.Module, scheduled) -> cst.Module:
    """Drop ``from module import obj [as alias]`` from the module's top-level imports when the local name no
    longer occurs anywhere else in the code as a name token (not after a dot; strings and comments do
    not count). No scope analysis is needed for that: a name still used anywhere keeps its import."""
    wanted = {(module, obj, alias or obj) for module, obj, alias in scheduled if obj}
    code = tree.code
    body = list(tree.body)
    changed = False
    for i, stmt in enumerate(body):
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            continue
        imp = stmt.body[0]
        if not isinstance(imp, cst.ImportFrom) or isinstance(imp.names, cst.ImportStar) or imp.relative:
            continue
        module = _dotted_module(imp.module)
        kept = []
        for alias in imp.names:
            obj = alias.name.value if isinstance(alias.name, cst.Name) else None
            local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else obj
            if obj is not None and (module, obj, local) in wanted and _mentions(code, local) == _mentions(tree.code_for_node(stmt), local):
                changed = True
                continue
            kept.append(alias)
        if len(kept) == len(imp.names):
            continue
        if not kept:
            body[i] = cst.RemovalSentinel.REMOVE  # type: ignore[call-overload]
            continue
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        body[i] = stmt.with_changes(body=[imp.with_changes(names=kept)])
    if not changed:
        return tree
    return tree.with_changes(body=[s for s in body if s is not cst.RemovalSentinel.REMOVE])


def _dotted_module(node) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted_module(node.value)}.{node.attr.value}"
    return ""


def _mentions(code: str, name: str) -> int:
    count, after_dot = 0, False
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type == tokenize.NAME and tok.string == name and not after_dot:
                count += 1
            after_dot = tok.type == tokenize.OP and tok.string == "."
    except (tokenize.TokenError, SyntaxError):
        return 1 << 30  # cannot tell: keep the import
    return count


def _with_gatherer_shortcut(run):
    """Run ``run`` with AddImportsVisitor's gatherer of existing imports reading only the module's
    top-level statements (all it uses) instead of walking the whole tree."""
    from libcst.codemod.visitors import _add_imports as add_imports_module

    gatherer = getattr(add_imports_module, "_GatherTopImportsBeforeStatements", None)
    if gatherer is None:
        return run()

    class _Shallow(gatherer):  # type: ignore[misc, valid-type]
        def on_visit(self, node: cst.CSTNode) -> bool:
            return False  # leave_Module, which does the work, is still called with the module

    add_imports_module._GatherTopImportsBeforeStatements = _Shallow
    try:
        return run()
    finally:
        add_imports_module._GatherTopImportsBeforeStatements = gatherer
