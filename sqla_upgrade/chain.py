"""Build generative method chains (``select(a).where(b).order_by(c)``) out of legacy call arguments.

Legacy calls pass everything as arguments; 2.0 wants a base call followed by methods. A single-line original
becomes a single-line chain. A multi-line original becomes a parenthesised chain, one method per line,
indented one level deeper than the statement, and a comment that followed an argument follows the method
that argument became.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

import libcst as cst

_EMPTY_MODULE = cst.Module(body=[])


@dataclass
class Step:
    """One ``.method(args)`` link of a chain, with the comments that belonged to its source argument."""

    method: str
    args: Sequence[cst.Arg] = ()
    comments: Sequence[cst.Comment] = field(default_factory=list)


def is_multiline(node: cst.CSTNode) -> bool:
    return "\n" in _EMPTY_MODULE.code_for_node(node)


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


def _newline(indent: str, comments: Sequence[cst.Comment] = ()) -> cst.ParenthesizedWhitespace:
    """A line break (carrying ``comments``: the first trailing, the rest on their own lines) followed by
    ``indent`` past the statement's own indentation."""
    first = comments[0] if comments else None
    rest = [
        cst.EmptyLine(indent=True, whitespace=cst.SimpleWhitespace(indent), comment=c) for c in comments[1:]
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
        dot = cst.Dot(whitespace_before=_newline(indent, pending))
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
