"""Line and column of nodes, computed for the one top-level statement that holds them.

LibCST's PositionProvider generates the whole file's code while recording a position for every node: twice
the cost of parsing it, paid by every file with one finding. Here the positions of a top-level statement's
nodes are recorded only when a node in it is asked about: the statement's first line comes from the lines
of the statements before it (their code generated once per file, without recording anything), then that
statement alone is generated with positions. A node outside the statement being visited falls back to
PositionProvider over the whole tree.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

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

    def range_of(self, node: cst.CSTNode) -> CodeRange:
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
