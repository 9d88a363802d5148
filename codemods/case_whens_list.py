"""`case([(c1, "a"), (c2, "b")], else_="z")` → `case((c1, "a"), (c2, "b"), else_="z")`.

SQLAlchemy 1.4 deprecated passing the WHEN pairs of `case()` as one list (RemovedIn20Warning) or as the
`whens=` keyword; 2.0 takes them as positional arguments only and raises `ArgumentError` for a list and
`TypeError` for `whens=`. SQLAlchemy 1.3's signature was `case(whens, value=None, else_=None)`, so 1.3 code
may also pass `value` and `else_` positionally, which 1.4 already misreads as more WHEN pairs; they become
keywords. The rewritten call builds the same CASE expression on 1.4 and 2.0 (the output runs on both).

What is rewritten (callees resolved to SQLAlchemy's `case` by qualified name only):

* a list or tuple display of pairs is spliced into the call, keeping its line breaks and comments (a pair
  written as a list, `[c, v]`, becomes `(c, v)`: 2.0 rejects a lone list argument); a list comprehension or
  generator → `case(*[...], ...)`; `ws + [(c, v)]` → `case(*ws, (c, v), ...)`;
* `whens=` → positional (moved in front of the keywords); a dict stays one positional argument
  (`case({"a": 1}, value=col)` is valid 2.0 and is never splatted: `*` on a dict would pass its keys);
* a variable is splatted (`case(*ws, ...)`) only when every assignment of it is a list/tuple display of
  tuple pairs (or a comprehension, or a sum of those);
* 1.3 positional `case(whens, value, else_)` → `case(*whens, value=..., else_=...)`.

Left alone: a dict first argument without 1.3 positionals, a tuple display that is itself one 2.0 WHEN pair
(`case((c, "a"), else_=...)`, also through a variable bound to one), sets (accepted by 2.0 as they are),
`case(*ws)`, and a variable used with `value=` (then it is almost surely a dict, which 2.0 accepts;
`case(whens=w, value=v)` still becomes `case(w, value=v)`, right for a dict, and a list fails loudly on
2.0 either way). A variable that may or may not be a list of pairs, and `case([x])` with `x` not provably a
pair, are reported (b8d9), not guessed.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from sqla_upgrade.detect import Sites, has_arguments
from sqla_upgrade.kinds import sqla_names
from sqla_upgrade.chain import comments_in_whitespace, shift_lines
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.matchers import is_sqla_callee

# -- splicing a list/tuple display into a call's arguments, layout kept -----------------------------------
# Shared with with_only_columns_list.py. Generic: belongs in sqla_upgrade/chain.py (next to display_args).

Display = Union[cst.List, cst.Tuple]
_NO_SPACE = cst.SimpleWhitespace("")


def _dedent(node, columns: int):
    return shift_lines(node, -columns)


def _merge(first: object, second: cst.ParenthesizedWhitespace) -> cst.ParenthesizedWhitespace:
    """One line break standing for two: ``first``'s comments, then ``second``'s, ending on ``second``'s
    indentation (used where a bracket line disappears between them)."""
    if not isinstance(first, cst.ParenthesizedWhitespace):
        return second
    moved = []
    if second.first_line.comment is not None:
        moved.append(
            cst.EmptyLine(indent=second.indent, whitespace=second.last_line, comment=second.first_line.comment)
        )
    return second.with_changes(
        first_line=first.first_line, empty_lines=[*first.empty_lines, *moved, *second.empty_lines]
    )


def _element_arg(element: cst.BaseElement, comma, after: cst.SimpleWhitespace = _NO_SPACE) -> cst.Arg:
    if isinstance(element, cst.StarredElement):
        return cst.Arg(
            value=element.value,
            star="*",
            whitespace_after_star=element.whitespace_before_value,
            comma=comma,
            whitespace_after_arg=after,
        )
    return cst.Arg(value=element.value, comma=comma, whitespace_after_arg=after)


def splice_display(call: cst.Call, index: int, display: Display) -> cst.Call:
    """``call`` with its argument ``index`` (whose value is ``display``) replaced by the display's elements.

    The elements keep their commas, comments and line breaks; they move left by the width of the bracket
    that disappears (or to the bracket's line when it stood on its own line), and the line of the closing
    bracket merges into what followed it.
    """
    args = list(call.args)
    arg = args[index]
    if isinstance(display, cst.List):
        open_ws, close_ws = display.lbracket.whitespace_after, display.rbracket.whitespace_before
    else:
        open_ws, close_ws = display.lpar[0].whitespace_after, display.rpar[-1].whitespace_before
    if index == 0:
        opening = call.whitespace_before_args
    else:
        prev_comma = args[index - 1].comma
        assert isinstance(prev_comma, cst.Comma)
        opening = prev_comma.whitespace_after
    is_last = index == len(args) - 1
    elements = list(display.elements)

    if not elements:
        if comments_in_whitespace(open_ws) or comments_in_whitespace(close_ws):
            return call  # `[  # none yet\n]`: nothing to carry the comment
        del args[index]
        if is_last and index > 0:
            args[index - 1] = args[index - 1].with_changes(comma=arg.comma)
        return call.with_changes(args=args)

    delta = 0
    if isinstance(open_ws, cst.ParenthesizedWhitespace):
        if isinstance(opening, cst.ParenthesizedWhitespace):
            # `(\n    [\n        a,` : the elements move up to the bracket's indentation.
            if opening.indent == open_ws.indent:
                delta = max(0, len(open_ws.last_line.value) - len(opening.last_line.value))
            new_opening = _merge(opening, _dedent(open_ws, delta)).with_changes(last_line=opening.last_line)
        else:
            # `([\n    a,` : the line break after `[` becomes the one after `(`.
            new_opening = open_ws
    else:
        assert isinstance(open_ws, cst.SimpleWhitespace)
        delta = 1 + len(open_ws.value)
        new_opening = opening

    moved = [_dedent(el, delta) for el in elements]
    if isinstance(close_ws, cst.ParenthesizedWhitespace):
        # Own-line comments before the closing bracket sit at the elements' indentation; the bracket's own
        # indentation (last_line) is where a closing parenthesis that takes its place belongs.
        close_ws = _dedent(close_ws, delta).with_changes(last_line=close_ws.last_line)

    new_args = [_element_arg(el, el.comma) for el in moved[:-1]]
    last = moved[-1]
    last_comma = last.comma if isinstance(last.comma, cst.Comma) else None
    if is_last:
        closing = arg.comma.whitespace_after if isinstance(arg.comma, cst.Comma) else arg.whitespace_after_arg
        if isinstance(closing, cst.ParenthesizedWhitespace):
            comma = (last_comma or cst.Comma()).with_changes(whitespace_after=_merge(close_ws, closing))
            new_args.append(_element_arg(last, comma))
        elif last_comma is not None and isinstance(close_ws, cst.ParenthesizedWhitespace):
            new_args.append(_element_arg(last, last_comma.with_changes(whitespace_after=close_ws)))
        elif last_comma is not None:
            # `[a, b,]` / `(a,)`: the trailing comma only made the display; `f(a, b)` needs none.
            new_args.append(_element_arg(last, cst.MaybeSentinel.DEFAULT))
        else:
            assert isinstance(close_ws, (cst.SimpleWhitespace, cst.ParenthesizedWhitespace))
            new_args.append(_element_arg(last, cst.MaybeSentinel.DEFAULT, after=close_ws))  # type: ignore
    else:
        assert isinstance(arg.comma, cst.Comma)
        following = arg.comma.whitespace_after
        if isinstance(following, cst.ParenthesizedWhitespace):
            ws: object = _merge(close_ws, following)
        elif isinstance(close_ws, cst.ParenthesizedWhitespace):
            # `\n], else_=x)`: the next argument takes the bracket's line, aligned with the elements.
            ws = close_ws.with_changes(last_line=_element_indent(new_opening, moved, close_ws.last_line))
        else:
            ws = following
        new_args.append(_element_arg(last, (last_comma or cst.Comma()).with_changes(whitespace_after=ws)))

    args[index:index + 1] = new_args
    if index == 0:
        return call.with_changes(args=args, whitespace_before_args=new_opening)
    prev = args[index - 1]
    assert isinstance(prev.comma, cst.Comma)
    args[index - 1] = prev.with_changes(comma=prev.comma.with_changes(whitespace_after=new_opening))
    return call.with_changes(args=args)


def _element_indent(
    opening: object, elements: Sequence[cst.BaseElement], default: cst.SimpleWhitespace
) -> cst.SimpleWhitespace:
    if isinstance(opening, cst.ParenthesizedWhitespace):
        return opening.last_line
    for el in elements:
        comma = el.comma
        if isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
            return comma.whitespace_after.last_line
    return default


def sum_parts(node: cst.BaseExpression) -> List[Tuple[cst.BaseExpression, str]]:
    """``a + [x, y] + b`` as arguments ``(a, "*"), (x, ""), (y, ""), (b, "*")``."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add) and not node.lpar:
        return sum_parts(node.left) + sum_parts(node.right)
    if isinstance(node, (cst.List, cst.Tuple)):
        return [
            (el.value, "*" if isinstance(el, cst.StarredElement) else "") for el in node.elements
        ]
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return sum_parts(node.with_changes(lpar=[], rpar=[]))
    return [(node, "*")]


def splat_arg(call: cst.Call, index: int, value: cst.BaseExpression) -> cst.Call:
    """``call`` with argument ``index`` replaced by ``*value`` (by the parts of a sum of sequences)."""
    args = list(call.args)
    arg = args[index]
    if isinstance(value, cst.BinaryOperation):
        parts = sum_parts(value)
        spread = [
            cst.Arg(value=v, star=star, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            for v, star in parts
        ]
        spread[-1] = spread[-1].with_changes(comma=arg.comma, whitespace_after_arg=arg.whitespace_after_arg)
        args[index:index + 1] = spread
        return call.with_changes(args=args)
    if isinstance(value, cst.GeneratorExp) and not value.lpar:
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    args[index] = arg.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT, star="*", value=value)
    return call.with_changes(args=args)


def move_first(call: cst.Call, index: int) -> cst.Call:
    """``call`` with argument ``index`` moved in front; every position keeps its comma and whitespace (and
    so its comments), the arguments shift through them."""
    if index == 0:
        return call
    args = list(call.args)
    order = [args[index]] + args[:index] + args[index + 1:]
    return call.with_changes(
        args=[
            a.with_changes(comma=slot.comma, whitespace_after_arg=slot.whitespace_after_arg)
            for a, slot in zip(order, args)
        ]
    )


def as_positional(arg: cst.Arg) -> cst.Arg:
    return arg.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)


# -- the codemod ---------------------------------------------------------------------------------------

# What the whens argument provably is.
PAIRS = "pairs"  # a sequence of (condition, result) pairs: splat/splice it
MAPPING = "mapping"  # a dict: one positional argument
WHEN = "when"  # one 2.0 WHEN pair, a set, a literal: already valid, leave it
UNKNOWN = "unknown"  # a variable or call result of unknown shape

_KEYWORDS = ("value", "else_")


class CaseWhensList(SqlaCodemod):
    ID = "case-whens-list"
    SUMMARY = "case([(cond, value), ...]) / case(whens=...) / 1.3 positional case() → positional WHEN pairs"
    SAFETY = Safety.SAFE
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    # Any spelling of the callee contains "case" (`case(`, `sa.case (`, `from sqlalchemy import case as c`).
    TRIGGERS = (b"case",)
    SITES = Sites(calls=frozenset(sqla_names("case")), where=has_arguments)
    EXAMPLES = (
        Example(
            before="from sqlalchemy import case\n\n"
            'label = case([(t.c.x == 1, "one"), (t.c.x == 2, "two")], else_="many")\n',
            after="from sqlalchemy import case\n\n"
            'label = case((t.c.x == 1, "one"), (t.c.x == 2, "two"), else_="many")\n',
        ),
        Example(
            before='import sqlalchemy as sa\n\ncode = sa.case(whens={"a": 1, "b": 2}, value=t.c.kind, else_=0)\n',
            after='import sqlalchemy as sa\n\ncode = sa.case({"a": 1, "b": 2}, value=t.c.kind, else_=0)\n',
        ),
        Example(
            before='from sqlalchemy import case\n\nkind = case([(t.c.x > 0, "pos")], t.c.sign, "zero")\n',
            after='from sqlalchemy import case\n\nkind = case((t.c.x > 0, "pos"), value=t.c.sign, else_="zero")\n',
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not is_sqla_callee(self.qualified_names(original_node.func), "case"):
            return updated_node
        args = original_node.args
        if any(a.star for a in args):
            return updated_node
        keywords = {a.keyword.value: i for i, a in enumerate(args) if a.keyword is not None}
        positional = [i for i, a in enumerate(args) if a.keyword is None]
        if set(keywords) - {"whens", *_KEYWORDS}:
            return updated_node
        if "whens" in keywords:
            if positional:
                return updated_node  # a TypeError in every version: not ours to guess
            return self._keyword_whens(original_node, updated_node, keywords)
        if not positional:
            return updated_node
        extras = positional[1:]
        if len(extras) > len(_KEYWORDS) or any(_KEYWORDS[n] in keywords for n in range(len(extras))):
            return updated_node
        if any(isinstance(args[i].value, (cst.Tuple, cst.List)) for i in extras):
            return updated_node  # several WHEN pairs: the 2.0 calling style
        whens = args[0].value
        kind = self._kind(whens, sole=not extras)
        if kind == UNKNOWN:
            if extras:
                self.report(
                    original_node,
                    "case() with positional value/else_ (1.3) or several WHEN pairs: if the first argument is "
                    "the 1.3 list of (condition, result) pairs, write case(*whens, value=..., else_=...)",
                )
            elif "value" not in keywords:
                self.report(
                    original_node,
                    "case() no longer accepts a list of WHEN pairs: if this argument is a list of "
                    "(condition, result) pairs, pass them positionally, case(*whens, ...)",
                )
            return updated_node
        if kind == WHEN or (kind == MAPPING and not extras):
            return updated_node
        if isinstance(whens, (cst.List, cst.Tuple)) and not whens.elements:
            return updated_node
        new = updated_node
        if extras:
            new_args = list(new.args)
            for n, i in enumerate(extras):
                new_args[i] = new_args[i].with_changes(
                    keyword=cst.Name(_KEYWORDS[n]),
                    equal=cst.AssignEqual(whitespace_before=_NO_SPACE, whitespace_after=_NO_SPACE),
                )
            new = new.with_changes(args=new_args)
        if kind == MAPPING:
            return new
        return self._spread(new, 0)

    def _keyword_whens(self, original_node: cst.Call, updated_node: cst.Call, keywords) -> cst.BaseExpression:
        index = keywords["whens"]
        whens = original_node.args[index].value
        kind = self._kind(whens, sole=True)
        if kind == UNKNOWN and "value" not in keywords:
            self.report(
                original_node,
                "case(whens=...) is removed: if whens is a list of (condition, result) pairs, pass them "
                "positionally, case(*whens, ...); a dict goes first without the keyword",
            )
            return updated_node
        if isinstance(whens, (cst.List, cst.Tuple)) and not whens.elements:
            return updated_node
        new = move_first(updated_node, index)
        if kind == PAIRS:
            return self._spread(new, 0)
        return new.with_changes(args=[as_positional(new.args[0]), *new.args[1:]])

    def _spread(self, call: cst.Call, index: int) -> cst.Call:
        value = call.args[index].value
        if isinstance(value, (cst.List, cst.Tuple)):
            # 2.0 rejects a lone list argument, so `case([[c, "a"]])` must not become `case([c, "a"])`.
            display = value.with_changes(
                elements=[el.with_changes(value=_as_tuple(el.value)) for el in value.elements]
            )
            return splice_display(call, index, display)
        if isinstance(value, (cst.ListComp, cst.GeneratorExp)):
            value = value.with_changes(elt=_as_tuple(value.elt))
        return splat_arg(call, index, value)

    def _kind(
        self, node: cst.BaseExpression, sole: bool, seen: Optional[Set[int]] = None, bound: bool = False
    ) -> str:
        """What ``node`` (an original node) provably is; ``sole``: it is the call's only positional;
        ``bound``: it is the value assigned to a name that would be splatted as it is."""
        if isinstance(node, (cst.ListComp, cst.GeneratorExp)):
            return UNKNOWN if bound and isinstance(node.elt, cst.List) else PAIRS
        if isinstance(node, cst.List):
            if bound and _has_list_pair(node):
                # `*w` would pass a list pair, which 2.0 rejects when it is the only argument.
                return UNKNOWN
            if len(node.elements) == 1 and not self._pair_element(node.elements[0], seen):
                # `case([x])` → `case(x)` is right only if x is a pair, not a list.
                return UNKNOWN
            # 1.3 and 1.4 both unpack a lone list (of pairs, or of names bound to pairs); next to other
            # positionals only a list of pair displays is surely the 1.3 whens (2.0 accepts a list as a pair).
            return PAIRS if sole or _all_pairs(node) else UNKNOWN
        if isinstance(node, cst.Tuple):
            # A tuple of pairs is a 1.3 whens sequence; any other tuple is one 2.0 WHEN pair.
            if not (node.elements and _all_pairs(node)):
                return WHEN
            return UNKNOWN if bound and _has_list_pair(node) else PAIRS
        if isinstance(node, (cst.Dict, cst.DictComp)):
            return MAPPING
        if isinstance(node, cst.BinaryOperation):
            if (
                isinstance(node.operator, cst.Add)
                and self._kind(node.left, sole, seen) == PAIRS
                and self._kind(node.right, sole, seen) == PAIRS
                and self.proven_sequence(node)
            ):
                return PAIRS
            return UNKNOWN
        if isinstance(node, cst.Name):
            seen = set() if seen is None else seen
            values = self.bound_values(node)
            if values is None or id(node) in seen:
                return UNKNOWN
            seen.add(id(node))
            kinds = {self._kind(v, sole, seen, bound=True) for v in values}
            if len(kinds) != 1:
                return UNKNOWN
            kind = kinds.pop()
            if kind == PAIRS and not self.proven_sequence(node):
                return UNKNOWN
            return kind
        if isinstance(node, (cst.Attribute, cst.Subscript, cst.Call)):
            return UNKNOWN
        return WHEN  # sets, literals: passed through unchanged by every version

    def _pair_element(self, element: cst.BaseElement, seen: Optional[Set[int]]) -> bool:
        if isinstance(element, cst.StarredElement) or isinstance(element.value, (cst.Tuple, cst.List)):
            return True
        return self._kind(element.value, True, seen) == WHEN and isinstance(element.value, cst.Name)


def _has_list_pair(display: Display) -> bool:
    return any(isinstance(el, cst.Element) and isinstance(el.value, cst.List) for el in display.elements)


def _as_tuple(node: cst.BaseExpression) -> cst.BaseExpression:
    """A list display of two or more items as the same tuple display (a pair written as a list)."""
    if not isinstance(node, cst.List) or len(node.elements) < 2 or node.lpar:
        return node
    return cst.Tuple(
        elements=node.elements,
        lpar=[cst.LeftParen(whitespace_after=node.lbracket.whitespace_after)],
        rpar=[cst.RightParen(whitespace_before=node.rbracket.whitespace_before)],
    )


def _all_pairs(display: Display) -> bool:
    """Every element is itself a tuple/list display (a WHEN pair) or a starred sequence."""
    return all(
        isinstance(el, cst.StarredElement) or isinstance(el.value, (cst.Tuple, cst.List))
        for el in display.elements
    )
