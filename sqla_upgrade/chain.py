"""Build generative method chains (``select(a).where(b).order_by(c)``) out of legacy call arguments.

Legacy calls pass everything as arguments; 2.0 wants a base call followed by methods. A single-line original
becomes a single-line chain. A multi-line original becomes a parenthesised chain, one method per line,
indented one level deeper than the statement, and a comment that followed an argument follows the method
that argument became.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import libcst as cst

_EMPTY_MODULE = cst.Module(body=[])


@dataclass
class Step:
    """One ``.method(args)`` link of a chain, with the comments that belonged to its source argument."""

    method: str
    args: Sequence[cst.Arg] = ()
    comments: Sequence[cst.Comment] = field(default_factory=list)
    #: own-line comments that stood above the source argument: kept on their own lines above the link
    leading: Sequence[cst.Comment] = field(default_factory=list)


def is_multiline(node: cst.CSTNode) -> bool:
    return "\n" in _EMPTY_MODULE.code_for_node(node)


class _CommentCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found: List[cst.Comment] = []

    def visit_Comment(self, node: cst.Comment) -> None:
        self.found.append(node)


def comments_within(node: cst.CSTNode) -> List[cst.Comment]:
    """Every comment anywhere inside ``node`` (e.g. in an argument a rewrite drops, so it can be kept)."""
    collector = _CommentCollector()
    node.visit(collector)
    return collector.found


def comments_in_whitespace(ws: object) -> List[cst.Comment]:
    """The comments of a whitespace node (a trailing comment and any own-line comments after it)."""
    found: List[cst.Comment] = []
    if isinstance(ws, cst.ParenthesizedWhitespace):
        if ws.first_line.comment is not None:
            found.append(ws.first_line.comment)
        found.extend(line.comment for line in ws.empty_lines if line.comment is not None)
    return found


def detach_arg(arg: cst.Arg) -> Tuple[cst.Arg, List[cst.Comment]]:
    """``arg`` as a clean standalone argument (no comma, no keyword, no surrounding whitespace) plus the
    comments that were attached to it in the original call."""
    comments: List[cst.Comment] = []
    if isinstance(arg.comma, cst.Comma):
        comments += comments_in_whitespace(arg.comma.whitespace_before)
        comments += comments_in_whitespace(arg.comma.whitespace_after)
    comments += comments_in_whitespace(arg.whitespace_after_arg)
    if arg.equal is not cst.MaybeSentinel.DEFAULT and isinstance(arg.equal, cst.AssignEqual):
        comments += comments_in_whitespace(arg.equal.whitespace_after)
    return cst.Arg(value=arg.value, star=arg.star), comments


def args_from_elements(
    elements: Sequence[cst.BaseElement], opening_ws: object = None, closing_ws: object = None
) -> List[cst.Arg]:
    """Turn the elements of a list/tuple display into call arguments, keeping their commas (and the comments
    and line breaks in them) so a multi-line column list keeps its shape; the last comma is dropped."""
    args: List[cst.Arg] = []
    for i, el in enumerate(elements):
        last = i == len(elements) - 1
        comma = el.comma
        if last and isinstance(comma, cst.Comma) and not comments_in_whitespace(comma.whitespace_after):
            comma = cst.MaybeSentinel.DEFAULT
        star = "*" if isinstance(el, cst.StarredElement) else ""
        args.append(cst.Arg(value=el.value, star=star, comma=comma))
    return args


def plain_args(args: Sequence[cst.Arg]) -> List[cst.Arg]:
    """Arguments re-spaced as ``a, b, c`` (used for single-line chains and for moved argument lists)."""
    out = []
    for i, a in enumerate(args):
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if i < len(args) - 1 else cst.MaybeSentinel.DEFAULT
        out.append(a.with_changes(comma=comma, whitespace_after_arg=cst.SimpleWhitespace("")))
    return out


def _newline(
    indent: str, comments: Sequence[cst.Comment] = (), leading: Sequence[cst.Comment] = ()
) -> cst.ParenthesizedWhitespace:
    """A line break (carrying ``comments``: the first trailing, the rest on their own lines, then the
    ``leading`` ones on their own lines) followed by ``indent`` past the statement's own indentation."""
    first = comments[0] if comments else None
    rest = [
        cst.EmptyLine(indent=True, whitespace=cst.SimpleWhitespace(indent), comment=c)
        for c in [*comments[1:], *leading]
    ]
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(
            whitespace=cst.SimpleWhitespace("  " if first is not None else ""), comment=first
        ),
        empty_lines=rest,
        indent=True,
        last_line=cst.SimpleWhitespace(indent),
    )


def build_chain(
    base: cst.BaseExpression,
    steps: Sequence[Step],
    *,
    multiline: bool,
    indent: str = "    ",
    base_comments: Sequence[cst.Comment] = (),
    closing_comments: Sequence[cst.Comment] = (),
) -> cst.BaseExpression:
    """``base.step1(...).step2(...)``; when ``multiline``, wrapped in parentheses one link per line.

    ``base_comments`` follow the base call's line; ``closing_comments`` (found before the original closing
    parenthesis) follow the last link.
    """
    if not steps:
        return base
    if not multiline:
        expr = base
        for step in steps:
            expr = cst.Call(func=cst.Attribute(value=expr, attr=cst.Name(step.method)), args=plain_args(step.args))
        return expr

    expr = base
    pending: List[cst.Comment] = list(base_comments)
    for step in steps:
        dot = cst.Dot(whitespace_before=_newline(indent, pending, step.leading))
        expr = cst.Call(
            func=cst.Attribute(value=expr, attr=cst.Name(step.method), dot=dot), args=plain_args(step.args)
        )
        pending = list(step.comments)
    pending += list(closing_comments)
    return expr.with_changes(
        lpar=[cst.LeftParen(whitespace_after=_newline(indent))],
        rpar=[cst.RightParen(whitespace_before=_newline("", pending))],
    )


def call_closing_comments(call: cst.Call) -> List[cst.Comment]:
    """Comments right before a call's closing parenthesis that no argument claimed."""
    if not call.args:
        return comments_in_whitespace(call.whitespace_before_args)
    return []


def opening_comments(call: cst.Call) -> List[cst.Comment]:
    """Comments right after a call's opening parenthesis (they describe the call as a whole)."""
    return comments_in_whitespace(call.whitespace_before_args) if call.args else []


def first_positional(call: cst.Call) -> Optional[cst.Arg]:
    for a in call.args:
        if a.keyword is None and a.star == "":
            return a
    return None


# -- moving multi-line code (used when a rewrite puts an argument at another column) --------------------

def _shift_text(text: str, delta: int) -> str:
    if "\t" in text:
        return text  # tab-indented continuation lines: leave them, they stay valid inside brackets
    if delta >= 0:
        return " " * delta + text
    drop = min(-delta, len(text) - len(text.lstrip(" ")))
    return text[drop:]


class _LineShifter(cst.CSTTransformer):
    def __init__(self, delta: int, overrides: Optional[Dict[int, int]] = None) -> None:
        self.delta = delta
        self.overrides = overrides or {}
        self._saved: List[Tuple[int, int]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if id(node) in self.overrides:
            self._saved.append((id(node), self.delta))
            self.delta = self.overrides[id(node)]
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        result = super().on_leave(original_node, updated_node)
        if self._saved and self._saved[-1][0] == id(original_node):
            self.delta = self._saved.pop()[1]
        return result

    def leave_ParenthesizedWhitespace(
        self, original_node: cst.ParenthesizedWhitespace, updated_node: cst.ParenthesizedWhitespace
    ) -> cst.ParenthesizedWhitespace:
        return updated_node.with_changes(
            last_line=cst.SimpleWhitespace(_shift_text(updated_node.last_line.value, self.delta))
        )

    def leave_EmptyLine(self, original_node: cst.EmptyLine, updated_node: cst.EmptyLine) -> cst.EmptyLine:
        if updated_node.comment is None:
            return updated_node  # a blank line: shifting it would only add trailing whitespace
        return updated_node.with_changes(
            whitespace=cst.SimpleWhitespace(_shift_text(updated_node.whitespace.value, self.delta))
        )


def shift_lines(node: cst.CSTNode, delta: int, overrides: Optional[Dict[int, int]] = None) -> cst.CSTNode:
    """``node`` with every line break inside it (continuation lines, own-line comments) moved ``delta``
    columns (left when negative, never past the statement's indentation): keeps a multi-line argument's
    shape when a rewrite moves its first line. ``overrides`` maps ``id()`` of nodes inside ``node`` to
    another delta for their subtree. String contents are never touched."""
    if delta == 0 and not overrides:
        return node
    return node.visit(_LineShifter(delta, overrides))


def shift_chain(chain: cst.BaseExpression, links: int, delta: int) -> cst.BaseExpression:
    """A parenthesised chain from :func:`build_chain` with its own line breaks (the parentheses and the
    ``links`` dots) moved ``delta`` columns right: for a chain that starts on an indented continuation line
    rather than at the statement's indentation. The arguments' own line breaks are left alone."""
    if delta <= 0 or not isinstance(chain, cst.Call):
        return chain

    def move(ws: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
        if not isinstance(ws, cst.ParenthesizedWhitespace):
            return ws
        return ws.with_changes(
            empty_lines=[
                line.with_changes(whitespace=cst.SimpleWhitespace(_shift_text(line.whitespace.value, delta)))
                for line in ws.empty_lines
            ],
            last_line=cst.SimpleWhitespace(_shift_text(ws.last_line.value, delta)),
        )

    def move_links(node: cst.BaseExpression, remaining: int) -> cst.BaseExpression:
        if remaining == 0 or not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
            return node
        func = node.func
        assert isinstance(func.dot, cst.Dot)
        return node.with_changes(
            func=func.with_changes(
                value=move_links(func.value, remaining - 1),
                dot=func.dot.with_changes(whitespace_before=move(func.dot.whitespace_before)),
            )
        )

    moved = move_links(chain, links)
    return moved.with_changes(
        lpar=[p.with_changes(whitespace_after=move(p.whitespace_after)) for p in chain.lpar],
        rpar=[p.with_changes(whitespace_before=move(p.whitespace_before)) for p in chain.rpar],
    )


def starts_hanging(node: cst.CSTNode) -> bool:
    """Whether ``node``'s first line ends with an opening bracket (``and_(`` / ``[`` then a line break):
    its continuation lines are indented from the line, not aligned with the bracket."""
    code = _EMPTY_MODULE.code_for_node(node)
    if "\n" not in code:
        return False
    first = code.split("\n", 1)[0]
    if "#" in first:
        first = first[: first.index("#")]
    return first.rstrip().endswith(("(", "[", "{"))


def display_args(
    display: cst.BaseExpression,
) -> Tuple[cst.BaseParenthesizableWhitespace, List[cst.Arg], cst.BaseParenthesizableWhitespace]:
    """The elements of a list/tuple display as call arguments that keep the display's layout: the
    whitespace after its opening bracket, each element with its comma (a multi-line display keeps its
    trailing comma and the comments on each line), and the whitespace before its closing bracket. A
    single-line display loses a trailing comma (``(a,)`` → ``a``)."""
    assert isinstance(display, (cst.List, cst.Tuple))
    if isinstance(display, cst.List):
        opening = display.lbracket.whitespace_after
        closing = display.rbracket.whitespace_before
    elif display.lpar:
        opening = display.lpar[0].whitespace_after
        closing = display.rpar[-1].whitespace_before
    else:
        opening = closing = cst.SimpleWhitespace("")
    multiline = is_multiline(display)
    args: List[cst.Arg] = []
    for i, el in enumerate(display.elements):
        comma = el.comma
        if i == len(display.elements) - 1 and not multiline:
            comma = cst.MaybeSentinel.DEFAULT
        star = "*" if isinstance(el, cst.StarredElement) else ""
        args.append(cst.Arg(value=el.value, star=star, comma=comma))
    return opening, args, closing


# -- adding an argument to an existing call -------------------------------------------------------------

def _bare_line_break(ws: cst.ParenthesizedWhitespace) -> cst.ParenthesizedWhitespace:
    """The line break and indentation of ``ws`` without its comments (to repeat it elsewhere)."""
    return cst.ParenthesizedWhitespace(indent=ws.indent, last_line=ws.last_line)


def append_arg(call: cst.Call, arg: cst.Arg) -> cst.Call:
    """``call`` with ``arg`` after its last argument, in the call's own layout: on a line of its own (and
    with a trailing comma) when the arguments are one per line, else after ``, ``. Comments stay where
    they were: one after the old last argument stays after it."""
    args = list(call.args)
    if not args:
        return call.with_changes(args=[arg])
    last = args[-1]
    # The whitespace that separates two arguments in this call: after the previous comma, else after `(`.
    sep = args[-2].comma.whitespace_after if len(args) > 1 and isinstance(args[-2].comma, cst.Comma) else (
        call.whitespace_before_args
    )
    if isinstance(sep, cst.ParenthesizedWhitespace):
        sep = _bare_line_break(sep)
    else:
        sep = cst.SimpleWhitespace(" ")
    if isinstance(last.comma, cst.Comma):
        closing = last.comma.whitespace_after
        kept: cst.BaseParenthesizableWhitespace = sep
        if isinstance(sep, cst.ParenthesizedWhitespace) and isinstance(closing, cst.ParenthesizedWhitespace):
            # The old last line keeps its comments; the new argument takes the line break before `)`.
            kept = closing.with_changes(indent=sep.indent, last_line=sep.last_line)
            closing = _bare_line_break(closing)
        args[-1] = last.with_changes(comma=last.comma.with_changes(whitespace_after=kept))
        args.append(arg.with_changes(comma=cst.Comma(whitespace_after=closing)))
    else:
        closing = last.whitespace_after_arg
        kept = sep
        if isinstance(sep, cst.ParenthesizedWhitespace) and isinstance(closing, cst.ParenthesizedWhitespace):
            kept = closing.with_changes(indent=sep.indent, last_line=sep.last_line)
            closing = _bare_line_break(closing)
        args[-1] = last.with_changes(
            comma=cst.Comma(whitespace_after=kept), whitespace_after_arg=cst.SimpleWhitespace("")
        )
        args.append(arg.with_changes(whitespace_after_arg=closing))
    return call.with_changes(args=args)


# -- removing arguments from an existing call -----------------------------------------------------------

def drop_args(call: cst.Call, dropped: Sequence[cst.Arg]) -> cst.Call:
    """``call`` without the arguments ``dropped`` (elements of ``call.args``), in the call's own layout: a
    dropped argument's comma (and the comment or line break in it) goes to the argument before it, so
    `f(a, x=1)` → `f(a)`, a trailing comma and the line before `)` stay, and `f(x=1)` → `f()`."""
    ids = {id(a) for a in dropped}
    kept: List[cst.Arg] = []
    before_args = call.whitespace_before_args
    for arg in call.args:
        if id(arg) not in ids:
            kept.append(arg)
            continue
        if kept:
            prev = kept[-1]
            if isinstance(arg.comma, cst.Comma):
                kept[-1] = prev.with_changes(comma=arg.comma)
            elif not (isinstance(prev.comma, cst.Comma) and comments_in_whitespace(prev.comma.whitespace_after)):
                kept[-1] = prev.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=arg.whitespace_after_arg)
        elif isinstance(arg.comma, cst.Comma) and isinstance(arg.comma.whitespace_after, cst.ParenthesizedWhitespace):
            # a leading argument of a one-per-line call: the next one takes its line (and comment)
            before_args = arg.comma.whitespace_after
    if not kept:
        before_args = cst.SimpleWhitespace("")
    return call.with_changes(args=kept, whitespace_before_args=before_args)


# -- module-level statements a rewrite adds -------------------------------------------------------------

def _leading_imports_end(body: Sequence[cst.BaseStatement]) -> int:
    """The index after the module's docstring and leading imports."""
    at = 0
    for i, stmt in enumerate(body):
        if isinstance(stmt, cst.SimpleStatementLine) and all(
            isinstance(s, (cst.Import, cst.ImportFrom))
            or (i == 0 and isinstance(s, cst.Expr) and isinstance(s.value, (cst.SimpleString, cst.ConcatenatedString)))
            for s in stmt.body
        ):
            at = i + 1
            continue
        break
    return at


def insert_after_imports(module: cst.Module, statements: Sequence[cst.BaseStatement], blank_lines: int = 1) -> cst.Module:
    """``module`` with ``statements`` after its docstring and leading imports, ``blank_lines`` empty lines
    before them and at least as many after them."""
    body = list(module.body)
    at = _leading_imports_end(body)
    blanks = [cst.EmptyLine() for _ in range(blank_lines)]
    new = list(statements)
    if at > 0 and new:
        new[0] = new[0].with_changes(leading_lines=[*blanks, *new[0].leading_lines])
    rest = body[at:]
    if rest and new:
        lines = list(rest[0].leading_lines)
        empty = next((i for i, line in enumerate(lines) if line.comment is not None), len(lines))
        if empty < blank_lines:
            rest[0] = rest[0].with_changes(leading_lines=[*blanks[empty:], *lines])
    return module.with_changes(body=[*body[:at], *new, *rest])


def drop_keyword(call: cst.Call, name: str) -> cst.Call:
    """``call`` without its ``name=...`` argument (see drop_args); unchanged when it has none."""
    found = [a for a in call.args if a.keyword is not None and a.keyword.value == name]
    return drop_args(call, found) if found else call
