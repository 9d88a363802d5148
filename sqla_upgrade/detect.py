"""Detection before parsing: the cheap pass that decides which files LibCST parses, and where to look.

Every codemod declares the calls that interest it (:class:`Sites`): qualified callee names
(``sqlalchemy.select``, ``alembic.op.``-prefixed names) and method names (``apply_labels``), the latter
counted only in files that use SQLAlchemy (an import of it, or of a project name the index knows to be a
SQLAlchemy object), since receiver inference can prove nothing anywhere else. One walk over Python's ``ast``
finds the sites; a file with none is never LibCST-parsed, and in a file with some only the top-level
statements that hold one are traversed.

Detection over-approximates and must never miss: names are resolved through every import and plain alias
of the file whatever its scope (no shadowing), so it selects at least every call that the codemods' own
name resolution (``scopes.py``) and inference (``inference.py``) can match. A test runs every snapshot
fixture through it.
"""

from __future__ import annotations

import ast
import bisect
import hashlib
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from sqla_upgrade.index import ImportTable, ModuleFacts, ProjectIndex, dotted, module_facts
from sqla_upgrade.kinds import ANNOTATIONS, CONSTRUCTORS, METHODS, Kind, is_sqla_qualified

Range = Tuple[int, int]  # first and last line (1-based, inclusive)


@dataclass(frozen=True)
class Sites:
    """What a codemod can change or report (class attribute ``SITES`` of every codemod)."""

    #: qualified callee names, exact
    calls: FrozenSet[str] = frozenset()
    #: qualified callee name prefixes (``"alembic.op."``)
    call_prefixes: Tuple[str, ...] = ()
    #: method names, on any receiver, in files that use SQLAlchemy
    methods: FrozenSet[str] = frozenset()
    #: identifiers (a name, or an attribute's name) wherever they occur: for rewrites of names, not calls
    names: FrozenSet[str] = frozenset()
    #: further condition on the ast.Call (module-level function, so that it pickles): e.g. "has a string
    #: argument"
    where: Optional[Callable[[ast.Call], bool]] = None
    #: method sites only on a receiver that inference could prove a Table/Join/Alias (see
    #: ``_may_be_table``), unless the call passes one of ``telling_keywords`` (then the codemod offers an
    #: unsafe fix whatever the receiver)
    table_receivers: bool = False
    telling_keywords: FrozenSet[str] = frozenset()
    #: every reference to a name the file binds to one of ``calls`` (or to a method chain on such a name:
    #: `q = select(t)`, `q2 = q.where(...)`) is a site too: for a codemod that must see every use of a
    #: statement object, not only the calls (select-as-from rewrites all of them or none)
    bound_names: bool = False
    #: subscripts with a negative integer literal bound (`q[-1]`, `q[-3:]`), counted like method sites
    negative_subscripts: bool = False
    #: the ways a 1.x Row is read besides its methods (``x["k"]``/``x[col]``, ``k in x``, ``dict(x)``), in
    #: files that use SQLAlchemy and spell a source of rows (``ROW_SOURCE_WORDS``): none of them is a call
    #: that names anything, so every such node of the file is a site
    row_uses: bool = False
    #: string literals starting with one of these (``"postgresql://"``), in files that use SQLAlchemy: for
    #: findings on URL literals, wherever they are written
    string_prefixes: Tuple[str, ...] = ()
    #: module-level definitions (classes, and ``name = call(...)`` assignments; also in module-level if/try
    #: blocks), decided against the project index: ``definitions(index, facts, name)`` with the module's
    #: own facts and the defined name says whether the codemod may change or report that definition
    #: (module-level function, so that it pickles)
    definitions: Optional[Callable[[Optional[ProjectIndex], Optional[ModuleFacts], str], bool]] = None


def has_arguments(call: ast.Call) -> bool:
    return bool(call.args or call.keywords)


def has_string_argument(call: ast.Call) -> bool:
    return any(isinstance(a, ast.JoinedStr) or (isinstance(a, ast.Constant) and isinstance(a.value, str)) for a in call.args)


@dataclass
class FileScan:
    """What the cheap pass found in one file (sent from the worker to the parent)."""

    facts: Optional[ModuleFacts]
    #: codemod id → lines of the calls it may change or report (names resolved within the file)
    sites: Dict[str, List[Range]] = field(default_factory=dict)
    #: method sites, which count when the file turns out to use SQLAlchemy (see ``uses_sqla``)
    method_sites: Dict[str, List[Range]] = field(default_factory=dict)
    #: method sites on a receiver that is an imported name (or an attribute of one): they count when the
    #: index says one of these dotted names is a Table/Join (codemod id, range, names)
    imported_receivers: List[Tuple[str, Range, Tuple[str, ...]]] = field(default_factory=list)
    #: callee names of other project modules that may be re-exports of an interesting SQLAlchemy name:
    #: dotted name → [(codemod id, range)], decided against the merged index
    deferred: Dict[str, List[Tuple[str, Range]]] = field(default_factory=dict)
    #: module-level definitions for codemods with definition sites: (codemod id, range, defined name),
    #: decided against the merged index
    definition_sites: List[Tuple[str, Range, str]] = field(default_factory=list)
    #: the file imports SQLAlchemy/Alembic itself
    uses_sqla: bool = False
    #: every dotted name the file imports (a project name may be a SQLAlchemy object)
    imported: Set[str] = field(default_factory=set)
    digest: str = ""
    error: Optional[str] = None


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def scan(
    tree: ast.Module,
    data: bytes,
    specs: Sequence[Tuple[str, Sites]],
    module: str = "",
    path: str = "",
    is_package: bool = False,
    triggers: Sequence[bytes] = (),
) -> FileScan:
    """Facts and sites of one parsed file for the codemods ``specs`` ((id, Sites) pairs); ``triggers``, the
    byte triggers of those codemods, say (with the names in ``specs``) which statements to walk."""
    if not specs:
        # No codemod can act on this file: only its facts matter (for the files that import it).
        return _facts_only(tree, data, module, path, is_package)
    table = ImportTable(module, is_package)
    aliases: Dict[str, List[ast.AST]] = {}
    calls: List[ast.Call] = []
    identifiers: Dict[str, List[Range]] = {}
    wanted_names = {n for _, sites in specs for n in sites.names}
    want_negative = any(sites.negative_subscripts for _, sites in specs)
    subscripts: List[Range] = []

    binds: Dict[str, List[object]] = {}  # name → for each binding seen: could it hold a Table? (or IMPORTED)
    assigns: List[ast.Assign] = []
    string_specs = [(cid, sites.string_prefixes) for cid, sites in specs if sites.string_prefixes]

    binds: Dict[str, List[object]] = {}  # name → for each binding seen: could it hold a Table? (or IMPORTED)
    strings: Dict[str, List[Range]] = {}  # codemod id → string literals with one of its prefixes

    def note(node: ast.AST) -> None:
        t = type(node)
        if t is ast.Call:
            calls.append(node)  # type: ignore[arg-type]
        elif t is ast.Import or t is ast.ImportFrom:
            for name, _ in table.add_import(node):
                binds.setdefault(name, []).append(IMPORTED)
            note_import_words(node)
        elif t is ast.Assign:
            assigns.append(node)  # type: ignore[arg-type]
            if isinstance(node.value, (ast.Name, ast.Attribute)):  # type: ignore[attr-defined]
                for target in node.targets:  # type: ignore[attr-defined]
                    if isinstance(target, ast.Name):
                        aliases.setdefault(target.id, []).append(node.value)  # type: ignore[attr-defined]
            _note_bindings(node, binds)
        elif t in _BINDERS:
            _note_bindings(node, binds)
        elif t is ast.Attribute:
            if node.attr in wanted_names:  # type: ignore[attr-defined]
                identifiers.setdefault(node.attr, []).append(_node_range(node))  # type: ignore[attr-defined]
        elif t is ast.Name and node.id in wanted_names:  # type: ignore[attr-defined]
            identifiers.setdefault(node.id, []).append(_node_range(node))  # type: ignore[attr-defined]
        elif t is ast.Subscript and want_negative and _negative_bound(node):  # type: ignore[arg-type]
            subscripts.append(_node_range(node))
        elif t is ast.Constant and string_specs and isinstance(node.value, str):  # type: ignore[attr-defined]
            for cid, prefixes in string_specs:
                if node.value.startswith(prefixes):  # type: ignore[attr-defined]
                    strings.setdefault(cid, []).append(_node_range(node))

    def note_import_words(node: ast.AST) -> None:
        # the names an import spells (its module's parts, the imported names, their aliases): an import a
        # codemod rewrites is a site of it (`from sqlalchemy.ext.declarative import declarative_base`)
        if not wanted_names:
            return
        words = set((getattr(node, "module", None) or "").split("."))
        for alias in node.names:  # type: ignore[attr-defined]
            words.update(alias.name.split("."))
            if alias.asname:
                words.add(alias.asname)
        for word in words & wanted_names:
            identifiers.setdefault(word, []).append(_node_range(node))

    # Module-level imports and aliases first: they tell which local names stand for an interesting one.
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Assign)):
            note(stmt)
        elif isinstance(stmt, (ast.If, ast.Try)):
            for inner in ast.walk(stmt):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    note(inner)
    # Every module-level binding (also in if/try/for/with blocks): a name a site uses may be bound there.
    for stmt in _module_level_statements(tree.body):
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for name, _ in ImportTable(module, is_package).add_import(stmt):
                binds.setdefault(name, []).append(IMPORTED)
        elif type(stmt) in _BINDERS or isinstance(stmt, ast.Assign):
            _note_bindings(stmt, binds)
    # Only the top-level statements in whose lines a word that can spell a site occurs are walked.
    lines = _word_lines(data, _site_words(specs, triggers, table, aliases))
    if want_negative:
        lines = sorted(set(lines) | set(_pattern_lines(data, _NEGATIVE_INDEX)))
    for stmt in tree.body:
        start, end = _range(stmt)
        i = bisect.bisect_left(lines, start)
        if i < len(lines) and lines[i] <= end:
            for node in ast.walk(stmt):
                if node is not stmt or not isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Assign)):
                    note(node)
    # `Model.__table__` and `md.tables["t"]` are proven FROM clauses whatever the module imports
    dunder_table = b"__table__" in data or b"tables[" in data
    # a `global` in some function may bind a module name where this pass does not look
    has_global = _GLOBAL_RE.search(data) is not None
    # Module-level facts resolve through the module-level imports only (plus conditional ones).
    facts = module_facts(tree, module, path, is_package, _module_imports(tree, module, is_package))

    def resolve(node: ast.AST, depth: int = 0) -> Set[str]:
        if depth > 6:
            return set()
        if isinstance(node, ast.Name):
            out = set(table.resolve(node))
            for value in aliases.get(node.id, ()):
                out |= resolve(value, depth + 1)
            return out
        if isinstance(node, ast.Attribute):
            return {f"{q}.{node.attr}" for q in resolve(node.value, depth + 1)}
        return set()

    imported = {q for names in table.names.values() for q in names}
    result = FileScan(
        facts=facts,
        uses_sqla=dunder_table or any(is_sqla_qualified(q) for q in imported) or any(is_sqla_qualified(s) for s in table.stars),
        imported=imported | set(table.stars),
        digest=digest(data),
    )
    for cid, sites in specs:
        for n in sites.names:
            for r in identifiers.get(n, ()):
                result.sites.setdefault(cid, []).append(r)
    definition_specs = [cid for cid, sites in specs if sites.definitions is not None]
    if definition_specs:
        for node, name in _module_level_definitions(tree.body):
            for cid in definition_specs:
                result.definition_sites.append((cid, _range(node), name))
    short_names: Dict[str, List[Tuple[str, Sites]]] = {}
    methods: Dict[str, List[Tuple[str, Sites]]] = {}
    for cid, sites in specs:
        for q in sites.calls:
            short_names.setdefault(q.rpartition(".")[2], []).append((cid, sites))
        for m in sites.methods:
            methods.setdefault(m, []).append((cid, sites))
    prefixed = [(cid, s) for cid, s in specs if s.call_prefixes]

    for call in calls:
        func = call.func
        if isinstance(func, ast.Name):
            names: Optional[Set[str]] = resolve(func)
            # an import alias (`delete as sql_delete`) is matched by what it stands for
            lasts = {q.rpartition(".")[2] for q in names} | {func.id}
        elif isinstance(func, ast.Attribute):
            names = None
            lasts = {func.attr}
        else:
            continue
        line_range = (call.lineno, getattr(call, "end_lineno", None) or call.lineno)
        wanted = [w for last in lasts for w in short_names.get(last, ())]
        if wanted or prefixed:
            if names is None:
                names = resolve(func)
            for cid, sites in wanted:
                if sites.where is not None and not sites.where(call):
                    continue
                if names & sites.calls:
                    result.sites.setdefault(cid, []).append(line_range)
                else:
                    for q in names:
                        if not is_sqla_qualified(q):
                            result.deferred.setdefault(q, []).append((cid, line_range))
            for cid, sites in prefixed:
                if any(q.startswith(p) for q in names for p in sites.call_prefixes):
                    if sites.where is None or sites.where(call):
                        result.sites.setdefault(cid, []).append(line_range)
        if isinstance(func, ast.Attribute):
            for cid, sites in methods.get(func.attr, ()):
                if sites.where is not None and not sites.where(call):
                    continue
                if sites.table_receivers and not has_global and not any(
                    k.arg in sites.telling_keywords for k in call.keywords
                ):
                    if not _may_be_table(func.value, binds):
                        continue
                    if _imported_root(func.value, binds):
                        names = tuple(sorted(resolve(func.value)))
                        result.imported_receivers.append((cid, line_range, names))
                        continue
                result.method_sites.setdefault(cid, []).append(line_range)
    for cid, ranges in strings.items():
        result.method_sites.setdefault(cid, []).extend(ranges)
    if any(s.row_uses for _, s in specs) and _word_lines(data, ROW_SOURCE_WORDS):
        uses = _row_uses(tree)
        if uses:
            for cid, sites in specs:
                if sites.row_uses:
                    result.method_sites.setdefault(cid, []).extend(uses)
    for cid, sites in specs:
        if sites.bound_names:
            _bound_name_sites(tree, data, assigns, resolve, sites.calls, result.sites.setdefault(cid, []))
        if sites.negative_subscripts:
            result.method_sites.setdefault(cid, []).extend(subscripts)
    return result


def _chain_head(node: ast.AST) -> ast.AST:
    """`select(t).where(x).order_by(y)` → the `select(t)` call; `q.where(x)` → `q`."""
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        elif isinstance(node, ast.Attribute):
            node = node.value
        else:
            return node


def _bound_name_sites(tree, data, assigns, resolve, calls, out: List[Range]) -> None:
    """Sites.bound_names: the references to names bound to one of ``calls`` or a chain on such a name.

    The names are a file-wide over-approximation (any scope): a site too many costs a statement visit, a
    site too few would hide a use from the codemod."""
    bound: Set[str] = set()
    for _ in range(8):  # a chain of names assigned from one another, in any order
        before = len(bound)
        for assign in assigns:
            head = _chain_head(assign.value)
            if isinstance(head, ast.Call):
                is_ours = bool(resolve(head.func) & calls) or (isinstance(head.func, ast.Name) and head.func.id in bound)
            else:
                is_ours = isinstance(head, ast.Name) and head.id in bound
            if is_ours:
                bound.update(t.id for t in assign.targets if isinstance(t, ast.Name))
        if len(bound) == before:
            break
    if not bound:
        return
    lines = _word_lines(data, {n.encode() for n in bound})
    for stmt in tree.body:
        start, end = _range(stmt)
        i = bisect.bisect_left(lines, start)
        if i < len(lines) and lines[i] <= end:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Name) and node.id in bound:
                    out.append(_node_range(node))


# `[-1`, `[ -3:`, `:-2]`: where a subscript with a negative literal bound may be
_NEGATIVE_INDEX = re.compile(rb"[\[:]\s*-\s*\d")


def _negative_bound(node: ast.Subscript) -> bool:
    part = node.slice
    if type(part).__name__ == "Index":  # Python 3.8's ast.Index wrapper
        part = part.value  # type: ignore[attr-defined]
    bounds = [part.lower, part.upper] if isinstance(part, ast.Slice) else [part]
    return any(
        isinstance(b, ast.UnaryOp) and isinstance(b.op, ast.USub) and isinstance(b.operand, ast.Constant)
        and isinstance(b.operand.value, int)
        for b in bounds
    )


def _pattern_lines(data: bytes, pattern: "re.Pattern[bytes]") -> List[int]:
    """Sorted line numbers (1-based) on which ``pattern`` matches."""
    starts = [m.end() for m in _NEWLINE.finditer(data)]
    return sorted({bisect.bisect_right(starts, m.start()) + 1 for m in pattern.finditer(data)})


#: words without one of which no value in a file can be proven (or look like) a Row: the Result methods and
#: Query entry points that give rows, and the annotations that declare them (kinds.py, inference.py)
ROW_SOURCE_WORDS = frozenset(
    w.encode()
    for w in ("execute", "exec_driver_sql", "first", "one", "one_or_none", "fetchone", "fetchall", "fetchmany", "all",
              "query", "with_entities", "Row", "RowProxy", "LegacyRow", "Result", "ResultProxy", "CursorResult")
)


_RESULT_CALLS = frozenset({"execute", "exec_driver_sql", "query"})
_ROW_CALLS = frozenset({"first", "one", "one_or_none", "fetchone"})
_ROWS_CALLS = frozenset({"all", "fetchall", "fetchmany"})
_ROW_METHODS = frozenset({"keys", "items", "values", "has_key", "iterkeys", "itervalues"})
_ROW_ANNOTATIONS = ("Row", "RowProxy", "LegacyRow")
_RESULT_ANNOTATIONS = ("Result", "ResultProxy", "CursorResult")


def _chain_methods(node: ast.AST) -> List[str]:
    """The methods called along a chain, last first: `conn.execute(s).fetchall()` → [fetchall, execute]."""
    out: List[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            out.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return out


def _row_uses(tree: ast.Module) -> List[Range]:
    """The reads of values that may be Rows: ``x[key]`` (not an integer or a slice), ``k in x``,
    ``dict(x)`` and ``x.keys()/items()/values()/has_key()...``, where ``x`` may be a Row: a name the file
    binds (in any scope) to a row method's result (``first()``, ``fetchone()``...), an element of
    ``fetchall()``/``all()``, a loop target over a result, rows or a query, a parameter annotated Row; or
    such an expression itself. A file-wide over-approximation of what inference proves (a site too many
    costs a statement visit); a dict or a cursor row in a file with no source of rows is never a site."""
    results: Set[str] = set()
    rows: Set[str] = set()
    row: Set[str] = set()

    def kind(value: ast.AST) -> Optional[str]:
        if isinstance(value, ast.Name):
            return "row" if value.id in row else "rows" if value.id in rows else "result" if value.id in results else None
        if isinstance(value, ast.Subscript):
            inner = kind(value.value)
            return "row" if inner in ("rows", "result") else None
        methods = _chain_methods(value) if isinstance(value, ast.Call) else []
        if not methods:
            return None
        if methods[0] in _ROW_CALLS:
            return "row"
        if methods[0] in _ROWS_CALLS:
            return "rows"
        if any(m in _RESULT_CALLS for m in methods):
            return "result"
        head = value
        while isinstance(head, (ast.Call, ast.Attribute)):
            head = head.func if isinstance(head, ast.Call) else head.value
        return kind(head) if isinstance(head, ast.Name) and head.id in results else None

    def annotated(annotation: Optional[ast.AST], words) -> bool:
        if annotation is None:
            return False
        for n in ast.walk(annotation):
            name = n.id if isinstance(n, ast.Name) else n.attr if isinstance(n, ast.Attribute) else n.value if isinstance(n, ast.Constant) and isinstance(n.value, str) else None
            if name is not None and any(w in name for w in words):
                return True
        return False

    nodes = list(ast.walk(tree))
    for _ in range(4):  # names bound from one another, in any order
        before = len(results) + len(rows) + len(row)
        for node in nodes:
            t = type(node)
            if t is ast.Assign or t is ast.AnnAssign or t is ast.NamedExpr:
                value = node.value  # type: ignore[attr-defined]
                targets = node.targets if t is ast.Assign else [node.target]  # type: ignore[attr-defined]
                found = kind(value) if value is not None else None
                if t is ast.AnnAssign:
                    if annotated(node.annotation, _ROW_ANNOTATIONS):  # type: ignore[attr-defined]
                        found = "row"
                    elif annotated(node.annotation, _RESULT_ANNOTATIONS):  # type: ignore[attr-defined]
                        found = "result"
                if found is not None:
                    bucket = {"row": row, "rows": rows, "result": results}[found]
                    bucket.update(n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name))
            elif t in (ast.For, ast.AsyncFor, ast.comprehension):
                if kind(node.iter) in ("result", "rows"):  # type: ignore[attr-defined]
                    row.update(n.id for n in ast.walk(node.target) if isinstance(n, ast.Name))  # type: ignore[attr-defined]
            elif t is ast.arg:
                if annotated(node.annotation, _ROW_ANNOTATIONS):  # type: ignore[attr-defined]
                    row.add(node.arg)  # type: ignore[attr-defined]
                elif annotated(node.annotation, _RESULT_ANNOTATIONS):  # type: ignore[attr-defined]
                    results.add(node.arg)  # type: ignore[attr-defined]
        if len(results) + len(rows) + len(row) == before:
            break

    def is_row(value: ast.AST) -> bool:
        return kind(value) == "row"

    out: List[Range] = []
    for node in nodes:
        t = type(node)
        if t is ast.Subscript:
            key = node.slice  # type: ignore[attr-defined]
            if isinstance(key, ast.Slice) or (isinstance(key, ast.Constant) and type(key.value) is int):
                continue
            if is_row(node.value):  # type: ignore[attr-defined]
                out.append(_node_range(node))
        elif t is ast.Compare:
            if any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) and any(is_row(c) for c in node.comparators):  # type: ignore[attr-defined]
                out.append(_node_range(node))
        elif t is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            if isinstance(func, ast.Name) and func.id == "dict" and node.args and is_row(node.args[0]):  # type: ignore[attr-defined]
                out.append(_node_range(node))
            elif isinstance(func, ast.Attribute) and func.attr in _ROW_METHODS and is_row(func.value):
                out.append(_node_range(node))
    return out


# Statements (and nodes) that bind names, besides Assign and imports.
_BINDERS = (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.NamedExpr,
            ast.arg, ast.comprehension, ast.ExceptHandler, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _note_bindings(node: ast.AST, binds: Dict[str, List[bool]]) -> None:
    """Record, for each name ``node`` binds, whether that binding could make it a Table/Join/Alias for
    receiver inference (an assigned call, name or attribute could; a literal, a loop or except target,
    an unannotated parameter, a def or class could not)."""

    def names(target: ast.AST) -> List[str]:
        return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]

    def value_could(value: Optional[ast.AST]) -> bool:
        return value is not None and _expression_could(value)

    t = type(node)
    if t is ast.Assign:
        for target in node.targets:  # type: ignore[attr-defined]
            could = isinstance(target, ast.Name) and value_could(node.value)  # type: ignore[attr-defined]
            for n in names(target):
                binds.setdefault(n, []).append(could)
    elif t is ast.AnnAssign:
        could = value_could(node.value) or _annotation_could(node.annotation)  # type: ignore[attr-defined]
        for n in names(node.target):  # type: ignore[attr-defined]
            binds.setdefault(n, []).append(could)
    elif t is ast.NamedExpr:
        binds.setdefault(node.target.id, []).append(value_could(node.value))  # type: ignore[attr-defined]
    elif t in (ast.With, ast.AsyncWith):
        for item in node.items:  # type: ignore[attr-defined]
            if item.optional_vars is not None:
                for n in names(item.optional_vars):
                    binds.setdefault(n, []).append(True)
    elif t is ast.arg:
        binds.setdefault(node.arg, []).append(_annotation_could(node.annotation))  # type: ignore[attr-defined]
    elif t in (ast.For, ast.AsyncFor, ast.comprehension):
        for n in names(node.target):  # type: ignore[attr-defined]
            binds.setdefault(n, []).append(False)  # a loop target is a Row at best
    elif t is ast.AugAssign:
        for n in names(node.target):  # type: ignore[attr-defined]
            binds.setdefault(n, []).append(False)
    elif t is ast.ExceptHandler and node.name:  # type: ignore[attr-defined]
        binds.setdefault(node.name, []).append(False)  # type: ignore[attr-defined]
    elif t in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
        binds.setdefault(node.name, []).append(False)  # type: ignore[attr-defined]


#: the last parts of the annotations inference reads a kind from (kinds.ANNOTATIONS)
_ANNOTATION_WORDS = frozenset(q.rpartition(".")[2] for q in ANNOTATIONS)


def _annotation_could(annotation: Optional[ast.AST]) -> bool:
    """Whether an annotation could be one inference reads a kind from (`conn: Connection`, `t: "Table"`)."""
    if annotation is None:
        return False
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name) and node.id in _ANNOTATION_WORDS:
            return True
        if isinstance(node, ast.Attribute) and node.attr in _ANNOTATION_WORDS:
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if any(w in node.value for w in _ANNOTATION_WORDS):
                return True
    return False


# What inference can prove a Table/Join/Alias from (kinds.py, read the same way): the calls whose result is
# one, by the last part of the callee's name, and `<...>.tables[...]`.
_TABLE_CALLS = frozenset(
    {q.rpartition(".")[2] for q, k in CONSTRUCTORS.items() if k in (Kind.FROMCLAUSE, Kind.JOIN)}
    | {m for (_, m), k in METHODS.items() if k in (Kind.FROMCLAUSE, Kind.JOIN)}
)


def _expression_could(value: ast.AST) -> bool:
    """Whether inference could prove ``value`` (an assigned value or a receiver) a Table/Join/Alias, apart
    from the bindings of a bare name."""
    if isinstance(value, (ast.Name, ast.Attribute)):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        last = func.attr if isinstance(func, ast.Attribute) else (func.id if isinstance(func, ast.Name) else None)
        return last in _TABLE_CALLS or last is None
    if isinstance(value, ast.Subscript):
        return isinstance(value.value, ast.Attribute) and value.value.attr == "tables"
    return False


_GLOBAL_RE = re.compile(rb"^[ \t]*global[ \t]", re.M)

#: a binding by an import (its kind is the index's)
IMPORTED = "import"


def _imported_root(receiver: ast.AST, binds) -> bool:
    """``name`` or ``name.attr...`` (not ``X.__table__``) where every binding of ``name`` is an import."""
    while isinstance(receiver, ast.Attribute):
        if receiver.attr == "__table__":
            return False
        receiver = receiver.value
    if not isinstance(receiver, ast.Name):
        return False
    found = binds.get(receiver.id)
    return bool(found) and all(b == IMPORTED for b in found)


def _may_be_table(receiver: ast.AST, binds) -> bool:
    """Whether receiver inference could prove ``receiver`` a Table/Join/Alias: not a literal, and not a
    name every binding of which in the file (module level, and in every statement that holds a site) is
    one that cannot hold one (``self.data`` neither: an attribute is proven only through its root, or as
    ``X.__table__``). Unbound names, calls and subscripts may."""
    if isinstance(receiver, ast.Name):
        found = binds.get(receiver.id)
        return found is None or any(found)
    if isinstance(receiver, ast.Attribute):
        return receiver.attr == "__table__" or _may_be_table(receiver.value, binds)
    return _expression_could(receiver)


def _module_level_statements(body: Sequence[ast.stmt]):
    """Module-level statements, also inside if/try/for/while/with/match blocks (not defs or classes)."""
    stack = list(body)
    while stack:
        stmt = stack.pop()
        yield stmt
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for attr in ("body", "orelse", "finalbody"):
            stack.extend(getattr(stmt, attr, ()) or ())
        for handler in getattr(stmt, "handlers", ()) or ():
            stack.extend(handler.body)
        for case in getattr(stmt, "cases", ()) or ():
            stack.extend(case.body)


def _module_level_definitions(body: Sequence[ast.stmt]) -> List[Tuple[ast.stmt, str]]:
    """The classes and ``name = call(...)`` bindings the project index records (module-level, also in
    if/try blocks), with the name each defines."""
    out: List[Tuple[ast.stmt, str]] = []
    for stmt in body:
        if isinstance(stmt, ast.ClassDef):
            out.append((stmt, stmt.name))
        elif isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
            out.extend((stmt, t.id) for t in stmt.targets if isinstance(t, ast.Name))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.value, ast.Call) and isinstance(stmt.target, ast.Name):
            out.append((stmt, stmt.target.id))
        elif isinstance(stmt, (ast.If, ast.Try, getattr(ast, "TryStar", ast.Try))):
            for block in (stmt.body, stmt.orelse, getattr(stmt, "finalbody", ())):
                out.extend(_module_level_definitions(block))
            for handler in getattr(stmt, "handlers", ()):
                out.extend(_module_level_definitions(handler.body))
    return out


def _site_words(specs, triggers: Sequence[bytes], table: ImportTable, aliases) -> Set[bytes]:
    """Every identifier one of whose occurrences a site's statement must contain: the last parts of the
    interesting callee names (``sa.select``, ``ctx.configure``), method names, the names a codemod
    rewrites, and the local names bound to any of these or to a module whose functions are of interest
    (``op`` for ``alembic.op.*``, ``alembic`` too)."""
    short: Set[str] = set()
    exact_modules: Set[str] = set()
    words: Set[bytes] = set()
    for _, sites in specs:
        short.update(q.rpartition(".")[2] for q in sites.calls)
        exact_modules.update(p.rstrip(".") for p in sites.call_prefixes)
        for group in (sites.methods, sites.names):
            words.update(m.encode() for m in group)
        # the identifier a prefix starts with (`postgresql` of "postgresql://"): the pattern finds it in strings too
        words.update(re.match(r"\w*", p).group().encode() for p in sites.string_prefixes)  # type: ignore[union-attr]
    words.update(w.encode() for w in short)
    def interesting(target: str) -> bool:
        return target.rpartition(".")[2] in short or any(
            target == m or m.startswith(target + ".") for m in exact_modules
        )

    for local, targets in table.names.items():
        if any(interesting(t) for t in targets):
            words.add(local.encode())
    for local, values in aliases.items():
        for value in values:
            d = dotted(value)
            if d and interesting(d):
                words.add(local.encode())
    return {w for w in words if w}


def _word_lines(data: bytes, words: Set[bytes]) -> List[int]:
    """Sorted line numbers (1-based) on which one of ``words`` occurs as a whole identifier (in code,
    strings or comments alike: over-approximate)."""
    if not words:
        return []
    alternatives = b"|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rb"(?<!\w)(?:" + alternatives + rb")(?!\w)")
    found = [m.start() for m in pattern.finditer(data)]
    if not found:
        return []
    # Line ends as Python counts them (CR-only files too): the offsets where each line after the first starts.
    starts = [m.end() for m in _NEWLINE.finditer(data)]
    lines: List[int] = []
    for offset in found:
        line = bisect.bisect_right(starts, offset) + 1
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


_NEWLINE = re.compile(rb"\r\n?|\n")


def _module_imports(tree: ast.Module, module: str, is_package: bool) -> ImportTable:
    table = ImportTable(module, is_package)
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            table.add_import(stmt)
        elif isinstance(stmt, (ast.If, ast.Try)):
            # `try: import x except ImportError: ...` and `if TYPE_CHECKING:` at module level
            for inner in ast.walk(stmt):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    table.add_import(inner)
    return table



def _facts_only(tree: ast.Module, data: bytes, module: str, path: str, is_package: bool) -> FileScan:
    table = _module_imports(tree, module, is_package)
    return FileScan(
        facts=module_facts(tree, module, path, is_package, table),
        digest=digest(data),
    )


def _node_range(node: ast.AST) -> Range:
    return (node.lineno, getattr(node, "end_lineno", None) or node.lineno)  # type: ignore[attr-defined]


def _range(stmt: ast.stmt) -> Range:
    start = stmt.lineno
    for d in getattr(stmt, "decorator_list", ()):
        start = min(start, d.lineno)
    return (start, getattr(stmt, "end_lineno", None) or stmt.lineno)


def sites_in(scan_result: FileScan, index: Optional[ProjectIndex], specs: Sequence[Tuple[str, Sites]]) -> Dict[str, List[Range]]:
    """The sites of a scanned file once the project index is known: its own, its method sites if it uses
    SQLAlchemy (itself or through a project name), and calls of project names that are re-exports."""
    out: Dict[str, List[Range]] = {cid: list(r) for cid, r in scan_result.sites.items()}
    uses = scan_result.uses_sqla or (
        index is not None and any(index.is_sqla(q) for q in scan_result.imported)
    )
    if uses:
        for cid, ranges in scan_result.method_sites.items():
            out.setdefault(cid, []).extend(ranges)
        for cid, line_range, names in scan_result.imported_receivers:
            # inference proves an imported receiver a Table only through the index's fact about it
            if index is not None and any(index.kind(q) in (Kind.FROMCLAUSE, Kind.JOIN) for q in names):
                out.setdefault(cid, []).append(line_range)
    if scan_result.definition_sites:
        by_class = dict(specs)
        for cid, line_range, name in scan_result.definition_sites:
            decide = by_class[cid].definitions if cid in by_class else None
            if decide is None or index is None or decide(index, scan_result.facts, name):
                out.setdefault(cid, []).append(line_range)
    if index is not None and scan_result.deferred:
        by_id = dict(specs)
        for qualified, found in scan_result.deferred.items():
            canonical = index.canonical(qualified)
            if canonical == qualified:
                continue
            for cid, line_range in found:
                sites = by_id.get(cid)
                if sites is not None and (canonical in sites.calls or any(canonical.startswith(p) for p in sites.call_prefixes)):
                    out.setdefault(cid, []).append(line_range)
    return {cid: r for cid, r in out.items() if r}




def hot_map(
    module, tree: ast.Module, site_ranges: Sequence[Range], starts: Optional[Dict[int, Tuple[int, int]]] = None
) -> Dict[int, bool]:
    """id(LibCST statement) → whether a site lies within it, for every statement of ``module`` that pairs
    up with CPython's statements of the same code (``tree``); a statement missing from the map (a
    pairing LibCST and CPython disagree on) is visited. ``starts`` receives, for each simple statement
    line that holds a site, the line and column CPython gives its first statement (positions.py)."""
    import libcst as cst

    lines = sorted(site_ranges)
    out: Dict[int, bool] = {}
    firsts = [s for s, _ in lines]
    # reach[i]: the furthest last line among the first i+1 sites (sorted by first line)
    reach: List[int] = []
    for _, e in lines:
        reach.append(max(e, reach[-1]) if reach else e)

    def hot(start: int, end: int) -> bool:
        # some site starts at or before `end` and ends at or after `start`
        i = bisect.bisect_right(firsts, end) - 1
        return i >= 0 and reach[i] >= start

    def suite_stmts(suite) -> Optional[Sequence]:
        return suite.body if isinstance(suite, cst.IndentedBlock) else None

    def children(node, a: ast.AST):
        """(LibCST statements, CPython statements) of each block of a compound statement."""
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.With)):
            yield suite_stmts(node.body), a.body  # type: ignore[attr-defined]
        elif isinstance(node, cst.If):
            yield suite_stmts(node.body), a.body  # type: ignore[attr-defined]
            if isinstance(node.orelse, cst.If):
                yield [node.orelse], a.orelse  # type: ignore[attr-defined]
            elif node.orelse is not None:
                yield suite_stmts(node.orelse.body), a.orelse  # type: ignore[attr-defined]
        elif isinstance(node, (cst.For, cst.While)):
            yield suite_stmts(node.body), a.body  # type: ignore[attr-defined]
            if node.orelse is not None:
                yield suite_stmts(node.orelse.body), a.orelse  # type: ignore[attr-defined]
        elif isinstance(node, (cst.Try, cst.TryStar)):
            yield suite_stmts(node.body), a.body  # type: ignore[attr-defined]
            handlers = getattr(a, "handlers", [])
            if len(handlers) == len(node.handlers):
                for h, ah in zip(node.handlers, handlers):
                    yield suite_stmts(h.body), ah.body
            if node.orelse is not None:
                yield suite_stmts(node.orelse.body), a.orelse  # type: ignore[attr-defined]
            if node.finalbody is not None:
                yield suite_stmts(node.finalbody.body), a.finalbody  # type: ignore[attr-defined]
        elif isinstance(node, cst.Match):
            cases = getattr(a, "cases", [])
            if len(cases) == len(node.cases):
                for c, ac in zip(node.cases, cases):
                    yield suite_stmts(c.body), ac.body

    def pair(stmts: Sequence, ast_stmts: Sequence[ast.stmt]) -> None:
        counts = [len(s.body) if isinstance(s, cst.SimpleStatementLine) else 1 for s in stmts]
        if sum(counts) != len(ast_stmts):
            return
        i = 0
        for stmt, n in zip(stmts, counts):
            group = ast_stmts[i : i + n]
            i += n
            start = min(_range(g)[0] for g in group)
            end = max(_range(g)[1] for g in group)
            is_hot = hot(start, end)
            out[id(stmt)] = is_hot
            if is_hot and starts is not None and isinstance(stmt, cst.SimpleStatementLine):
                starts[id(stmt)] = (group[0].lineno, group[0].col_offset)
            if is_hot and n == 1 and not isinstance(stmt, cst.SimpleStatementLine):
                for inner, ast_inner in children(stmt, group[0]):
                    if inner is not None:
                        pair(inner, ast_inner)

    if lines:
        pair(module.body, tree.body)
    return out
