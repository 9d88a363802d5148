"""Line and column of nodes, computed for the one statement that holds them.

LibCST's PositionProvider generates the whole file's code while recording a position for every node: twice
the cost of parsing it, paid by every file with one finding. Here positions are recorded only for the
statement being visited when a node in it is asked about:

* a simple statement line whose first line and column CPython's parser gave (``starts``, from
  detect.hot_map): that line alone is generated with positions, from there, and kept only if the statement
  itself lands where CPython says it starts;
* otherwise the top-level statement that holds it: its first line comes from the lines of the statements
  before it (their code generated once per file, without recording anything);
* a node outside the statements being visited falls back to PositionProvider over the whole tree.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst._position import CodeRange
from libcst.metadata import MetadataWrapper, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

_NEWLINES = re.compile(r"\r\n?|\n")


class _Sink:
    """What PositionProvidingCodegenState writes its positions into."""

    def __init__(self) -> None:
        self._computed: Dict[cst.CSTNode, CodeRange] = {}


class FilePositions:
    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._starts: Optional[List[int]] = None  # first line of each top-level statement
        self._done: Dict[int, Dict[cst.CSTNode, CodeRange]] = {}
        self._whole: Optional[Dict[cst.CSTNode, CodeRange]] = None
        #: the top-level statement being visited (set by the traversal)
        self.current: Optional[int] = None
        #: the statements being visited, outermost first (set by the traversal)
        self.statements: List[cst.CSTNode] = []
        #: id(simple statement line) → (line, column) of its first statement, from CPython
        self.starts: Dict[int, Tuple[int, int]] = {}
        self._lines_done: Dict[int, Optional[Dict[cst.CSTNode, CodeRange]]] = {}

    def _statement_starts(self) -> List[int]:
        if self._starts is None:
            module = self.module
            state = CodegenState(default_indent=module.default_indent, default_newline=module.default_newline)
            for line in module.header:
                line._codegen(state)
            line_no = 1 + len(_NEWLINES.findall("".join(state.tokens)))
            starts = []
            for stmt in module.body:
                starts.append(line_no)
                state.tokens.clear()
                stmt._codegen(state)
                line_no += len(_NEWLINES.findall("".join(state.tokens)))
            self._starts = starts
        return self._starts

    def _for_statement(self, i: int) -> Dict[cst.CSTNode, CodeRange]:
        found = self._done.get(i)
        if found is None:
            module = self.module
            sink = _Sink()
            state = PositionProvidingCodegenState(
                default_indent=module.default_indent, default_newline=module.default_newline, provider=sink  # type: ignore[arg-type]
            )
            state.line = self._statement_starts()[i]
            module.body[i]._codegen(state)
            found = self._done[i] = sink._computed
        return found

    def _for_line(self, stmt: cst.SimpleStatementLine) -> Optional[Dict[cst.CSTNode, CodeRange]]:
        key = id(stmt)
        if key in self._lines_done:
            return self._lines_done[key]
        line, column = self.starts[key]
        module = self.module
        sink = _Sink()
        state = PositionProvidingCodegenState(
            default_indent=module.default_indent, default_newline=module.default_newline, provider=sink  # type: ignore[arg-type]
        )
        state.line = line - len(stmt.leading_lines)
        # Only the width of the indentation matters for columns: it is ASCII whitespace.
        state.indent_tokens = [" " * column] if column else []
        stmt._codegen(state)
        found: Optional[Dict[cst.CSTNode, CodeRange]] = sink._computed
        start = sink._computed.get(stmt)
        if start is None or (start.start.line, start.start.column) != (line, column):
            found = None  # LibCST and CPython disagree on where it is: not trusted
        self._lines_done[key] = found
        return found

    def range_of(self, node: cst.CSTNode) -> CodeRange:
        for stmt in reversed(self.statements):
            if isinstance(stmt, cst.SimpleStatementLine) and id(stmt) in self.starts:
                positions = self._for_line(stmt)
                if positions is not None and node in positions:
                    return positions[node]
        if self.current is not None and 0 <= self.current < len(self.module.body):
            found = self._for_statement(self.current).get(node)
            if found is not None:
                return found
        for positions in self._done.values():
            if node in positions:
                return positions[node]
        if self._whole is None:
            self._whole = dict(MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider))
        return self._whole[node]

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        return self.range_of(node)
