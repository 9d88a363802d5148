"""The arguments of `Connection.execute()` / `.scalar()` (and Engine's and Session's) in their 2.0 forms:
keyword parameters, several parameter dictionaries, positional parameters and plain SQL strings, which
1.x accepted and 2.0 rejects, and Session's `mapper=` / `clause=` / `bind=`.

Only where receiver inference proves the receiver a Connection (`with engine.begin() as conn`,
`engine.connect()`, `op.get_bind()`, a parameter annotated `Connection`, ...), an Engine, or a Session.
A DB-API cursor (`cursor.execute("... %s", (1,))`), `subprocess`, a celery task or a user's own class
with an `execute()` method is never touched.

Rewritten, safe (each row run on 1.4.54 and 2.0.58, see tests/differential/programs/execute_params_*.py):

* `conn.execute(stmt, a=1, **more)` → `conn.execute(stmt, {"a": 1, **more})`: 1.x's keyword parameters
  were one parameter set (2.0: TypeError). A keyword literally called `execution_options` was a bind
  parameter in 1.x and goes into the dictionary with the others; `parameters=` / `execution_options=`
  alone are 2.0's own keywords and stay, unless the value is a literal (`execution_options=7`: a 1.x
  bind parameter, which 2.0 would take for options and fail on).
* `conn.execute(t.insert(), {"x": 1}, {"x": 2})` → `conn.execute(t.insert(), [{"x": 1}, {"x": 2}])`
  (1.x: executemany; 2.0: TypeError, too many positional arguments).
* a plain SQL string, which 1.x passed to the driver as it was (2.0: ObjectNotExecutableError):
  `conn.execute("SELECT ...")` → `conn.execute(text("SELECT ..."))` only when text() sends the same SQL:
  no parameters, or named parameters (keywords, a dict, dicts) and `:name` placeholders; no `%` (on
  pyformat drivers, psycopg2, mysqlclient, text() doubles every `%`, so `'50%%'` and `%(x)s` would no
  longer mean what the driver read before), no `\\:` (text() drops the backslash), no `:word` inside a
  quoted literal or a comment (text() makes it a bind parameter: `' :x'`; `'10:30'` and `a::text` are
  safe, text()'s pattern skips them), no `?` placeholder, no `$$` body. Run on 1.4.54 and 2.0.58:
  `text("SELECT '50%%'")` compiles to `'50%%%%'` for postgresql (the driver then reads `'50%%'` where
  1.x's plain string gave it `'50%'`), `text(r"'10\:30'")` to `'10:30'`, `text("a::text, :p")` keeps
  `::` and binds only `p`. Otherwise
  `conn.exec_driver_sql(sql, params)`, which is exactly what 1.x did with a string; `conn.scalar(sql, ...)`
  → `conn.exec_driver_sql(sql, ...).scalar()`. An f-string or a string built at run time always goes to
  exec_driver_sql.
* positional parameters of a string statement, normalised to what exec_driver_sql takes, by 1.x's own
  rule (`_distill_params`: the first parameter decides): `"... ?", 5` → `(5,)`; `"... ?, ?", 1, 2` →
  `(1, 2)`; `"... ?", [1, 2]` → `(1, 2)` (a list of scalars was one parameter set; 2.0 rejects the list);
  `"... ?", (1,), (2,)` → `[(1,), (2,)]` and `"... ?", ((1,), (2,))` → `[(1,), (2,)]` (executemany; 2.0
  would bind the outer tuple as one row), inner lists → tuples. A name or a call passes through as it is
  when it must be a mapping or a row anyway: bound to a dict/tuple/list display, or the SQL has named
  placeholders, or two or more positional ones. `conn.execute("... WHERE id = ?", user_id)` is reported:
  1.x bound a single value as a row of one, and a tuple as the row, so only its type decides.
* `session.execute("SELECT ...")` → `session.execute(text("SELECT ..."))`, whatever the string: 1.x's
  Session already wrapped it in text() (2.0: ArgumentError). `session.execute(stmt, params, mapper=User)` →
  `session.execute(stmt, params, bind_arguments={"mapper": User})`, same for `clause=` and `bind=` (2.0:
  TypeError).

Engines: `engine.execute()` itself is engine-execute's (it runs first and writes `with engine.begin() as
conn: conn.execute(stmt, a=1)`, whose arguments this codemod then normalises). Where engine-execute left
an `engine.execute(...)`, its parameters and text() are normalised all the same (still valid on 1.4);
a string that needs exec_driver_sql, which an Engine does not have, is reported.

Reported: star-arguments (`*args`), keyword and positional parameters mixed, several positional
parameters whose first is neither a literal nor a display (1.x decided by its type), positional
parameters on a Session (its third positional argument was `mapper` in 1.3 and `execution_options` in
1.4), `bind_arguments=` next to `mapper=`, and a statement whose type is unknown with several non-dict
parameters.

Receiver not proven (a function parameter without annotation, `self.conn`): a call whose statement is a
SQLAlchemy construct (`select()`, `text()`, `t.insert()`, ...) can only be meant for a Connection, an
Engine or a Session, so its keyword parameters and several dicts are an unsafe fix; with `mapper=` /
`clause=` / `bind=` (a Session, or not) it is reported. A plain string with keyword parameters
(`x.execute("... :a", a=1)`, which no DB-API cursor accepts) is reported without a fix: exec_driver_sql
or text() depends on what `x` is. A string alone or with a tuple is what a DB-API cursor takes: left
alone, unreported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Set, Tuple

import libcst as cst

from sqla_upgrade.chain import comments_in_whitespace, is_multiline
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind

#: text()'s bind parameter pattern, the same in 1.4 and 2.0 (sql/elements.py, TextClause._bind_params_regex)
_TEXT_BIND = re.compile(r"(?<![:\w\x5c]):(\w+)(?!:)", re.UNICODE)

#: keywords 2.0's Connection.execute()/scalar() has: alone, they are already the 2.0 form
_CONNECTION_KEYWORDS = frozenset({"parameters", "execution_options"})
_SESSION_KEYWORDS = frozenset({"params", "execution_options", "bind_arguments"})
#: 1.x Session.execute()'s bind arguments (**kw went to get_bind())
_BIND_ARGUMENTS = ("mapper", "clause", "bind")

#: kinds of statement only a Connection, an Engine or a Session executes
_CONSTRUCTS = frozenset(
    {Kind.SELECT, Kind.COMPOUND, Kind.EXISTS, Kind.DML, Kind.TEXT, Kind.DDL, Kind.SCALAR_SELECT}
)

_SCALARS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


def _is_scalar(node: cst.BaseExpression) -> bool:
    if isinstance(node, _SCALARS):
        return True
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return True
    return isinstance(node, cst.UnaryOperation) and isinstance(node.expression, (cst.Integer, cst.Float))


def _is_dict(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.Dict, cst.DictComp))


def _is_sequence(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.Tuple, cst.List))


def _literal_str(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _string_expression(node: cst.BaseExpression) -> bool:
    """A str built at run time: an f-string, `"..." % x`, `"..." + x`, `"...".format(...)`."""
    if isinstance(node, cst.FormattedString) or _literal_str(node) is not None:
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Modulo, cst.Add)):
        return _string_expression(node.left) or (isinstance(node.operator, cst.Add) and _string_expression(node.right))
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        return _literal_str(node.func.value) is not None
    return False


def _quoted_spans(sql: str) -> List[Tuple[int, int]]:
    """The spans of quoted literals/identifiers and comments of ``sql``, roughly as a SQL lexer sees them."""
    spans = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"`":
            end = sql.find(c, i + 1)
            end = n if end < 0 else end
            spans.append((i, end + 1))
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            spans.append((i, end))
            i = end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            spans.append((i, end))
            i = end
        else:
            i += 1
    return spans


def text_binds(sql: str) -> Optional[Set[str]]:
    """The bind parameters text(sql) would find, or None when text() would not send ``sql`` as it is."""
    if "%" in sql or "\\:" in sql or "$$" in sql:
        return None
    spans = _quoted_spans(sql)

    def quoted(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    binds = set()
    for m in _TEXT_BIND.finditer(sql):
        if quoted(m.start()):
            return None
        binds.add(m.group(1))
    if any(c == "?" and not quoted(i) for i, c in enumerate(sql)):
        return None
    return binds


def positional_markers(sql: str) -> Optional[int]:
    """How many positional driver placeholders (`?`, `%s`) ``sql`` holds outside quotes and comments;
    None when it uses named ones (`:name`, `%(name)s`), which only a mapping can fill."""
    spans = _quoted_spans(sql)

    def quoted(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    if any(not quoted(m.start()) for m in re.finditer(r"%\(\w+\)s", sql)):
        return None
    if any(not quoted(m.start()) for m in _TEXT_BIND.finditer(sql)):
        return None
    return sum(1 for m in re.finditer(r"\?|%s", sql) if not quoted(m.start()))


@dataclass
class _Args:
    """A call's arguments, split as 1.x's execute() read them."""

    statement: cst.Arg
    positional: List[cst.Arg]
    legacy_keywords: List[cst.Arg]  # keyword parameters (Connection) / bind arguments (Session)
    kept_keywords: List[cst.Arg]  # 2.0's own keywords
    star: bool


def _split(call: cst.Call, own_keywords: frozenset) -> Optional[_Args]:
    args = call.args
    if not args or args[0].keyword is not None or args[0].star:
        return None
    positional, keywords = [], []
    star = False
    for a in args[1:]:
        if a.star == "*":
            star = True
        elif a.keyword is None and a.star == "":
            if keywords:
                return None  # cannot happen in valid Python
            positional.append(a)
        else:
            keywords.append(a)
    legacy = [a for a in keywords if a.keyword is None or a.keyword.value not in own_keywords]
    kept = [a for a in keywords if a not in legacy]
    return _Args(args[0], positional, legacy, kept, star)


# -- building the new arguments -----------------------------------------------------------------------

_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _elements(args: Sequence[cst.Arg], multiline: bool) -> List[Tuple[cst.BaseExpression, object]]:
    """Each argument's value with the comma that follows it in the new display: `a, b` on one line, or,
    when comments sit between the arguments, their own commas (which carry the comments and line breaks)."""
    keep = multiline and any(comments_in_whitespace(a.comma.whitespace_after) or comments_in_whitespace(a.comma.whitespace_before)
                             for a in args if isinstance(a.comma, cst.Comma))
    out = []
    for i, a in enumerate(args):
        comma = a.comma if keep and isinstance(a.comma, cst.Comma) else _COMMA
        if i == len(args) - 1 and not (keep and isinstance(a.comma, cst.Comma)):
            comma = cst.MaybeSentinel.DEFAULT
        out.append((a.value, comma))
    return out


def _dict_of(args: Sequence[cst.Arg], multiline: bool) -> cst.Dict:
    elements: List[cst.BaseDictElement] = []
    for arg, (value, comma) in zip(args, _elements(args, multiline)):
        if arg.star == "**":
            elements.append(cst.StarredDictElement(value=value, comma=comma))  # type: ignore[arg-type]
        else:
            assert arg.keyword is not None
            elements.append(cst.DictElement(key=cst.SimpleString(f'"{arg.keyword.value}"'), value=value, comma=comma))  # type: ignore[arg-type]
    return cst.Dict(elements=elements)


def _display(values: Sequence[Tuple[cst.BaseExpression, object]], kind: type) -> cst.BaseExpression:
    elements = [cst.Element(value=v, comma=c) for v, c in values]  # type: ignore[arg-type]
    if kind is cst.List:
        return cst.List(elements=elements)
    if len(elements) == 1:
        elements = [elements[0].with_changes(comma=cst.Comma())]
    return cst.Tuple(elements=elements)


def _as_tuple(node: cst.BaseExpression) -> cst.BaseExpression:
    """A list display → the same elements as a tuple display (a row of positional parameters)."""
    if isinstance(node, cst.List):
        values = [(e.value, e.comma) for e in node.elements]
        if values:
            last = values[-1]
            values[-1] = (last[0], cst.MaybeSentinel.DEFAULT) if not isinstance(last[1], cst.Comma) else last
        return _display(values, cst.Tuple).with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return node


class ExecuteParams(SqlaCodemod):
    ID = "execute-params"
    SUMMARY = "execute()/scalar() keyword, multiple and positional parameters, plain SQL strings and Session bind arguments → 2.0 forms"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    TRIGGERS = (b"execute", b"scalar")
    SITES = Sites(methods=frozenset({"execute", "scalar"}))
    EXAMPLES = (
        Example(
            before="from sqlalchemy import create_engine\n\n"
            'engine = create_engine("sqlite://")\n'
            "with engine.begin() as conn:\n"
            "    conn.execute(users.insert(), name=\"a\")\n"
            "    conn.execute(users.insert(), {\"name\": \"b\"}, {\"name\": \"c\"})\n"
            "    conn.execute(\"DELETE FROM users WHERE name = :name\", name=\"a\")\n"
            "    conn.execute(\"UPDATE users SET name = ? WHERE id = ?\", \"d\", 1)\n",
            after="from sqlalchemy import text, create_engine\n\n"
            'engine = create_engine("sqlite://")\n'
            "with engine.begin() as conn:\n"
            "    conn.execute(users.insert(), {\"name\": \"a\"})\n"
            "    conn.execute(users.insert(), [{\"name\": \"b\"}, {\"name\": \"c\"}])\n"
            "    conn.execute(text(\"DELETE FROM users WHERE name = :name\"), {\"name\": \"a\"})\n"
            "    conn.exec_driver_sql(\"UPDATE users SET name = ? WHERE id = ?\", (\"d\", 1))\n",
        ),
        Example(
            before="from sqlalchemy.orm import Session\n\n\n"
            "def names(session: Session):\n"
            "    return session.execute(\"SELECT name FROM users\", mapper=User).fetchall()\n",
            after="from sqlalchemy.orm import Session\nfrom sqlalchemy import text\n\n\n"
            "def names(session: Session):\n"
            "    return session.execute(text(\"SELECT name FROM users\"), bind_arguments={\"mapper\": User}).fetchall()\n",
        ),
        Example(
            before="import sqlalchemy as sa\n\n\n"
            "def add(conn):\n"
            "    conn.execute(sa.text(\"INSERT INTO users (name) VALUES (:name)\"), name=\"x\")\n",
            after="import sqlalchemy as sa\n\n\n"
            "def add(conn):\n"
            "    conn.execute(sa.text(\"INSERT INTO users (name) VALUES (:name)\"), {\"name\": \"x\"})\n",
            unsafe=True,
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in ("execute", "scalar") or not original_node.args:
            return updated_node
        if len(updated_node.args) != len(original_node.args):
            return updated_node  # an earlier codemod rebuilt the arguments
        kind = self.kind_of(func.value)
        if kind in (Kind.CONNECTION, Kind.ENGINE):
            return self._core(original_node, updated_node, kind)
        if kind in (Kind.SESSION, Kind.SCOPED_SESSION):
            return self._session(original_node, updated_node)
        if kind == Kind.UNKNOWN:
            return self._unproven(original_node, updated_node)
        return updated_node

    # -- helpers ----------------------------------------------------------------------------------------

    def _method(self, call: cst.Call) -> str:
        return call.func.attr.value  # type: ignore[attr-defined]

    def _string_statement(self, node: cst.BaseExpression) -> Tuple[bool, Optional[List[str]]]:
        """Whether ``node`` is a SQL string, and its possible values when they are all literals."""
        value = _literal_str(node)
        if value is not None:
            return True, [value]
        if _string_expression(node):
            return True, None
        if isinstance(node, cst.Name):
            values = self.bound_values(node)
            if values:
                literals = [_literal_str(v) for v in values]
                if all(v is not None for v in literals):
                    return True, literals  # type: ignore[return-value]
                if all(_string_expression(v) for v in values):
                    return True, None
        return False, None

    def _rebuild(
        self,
        call: cst.Call,
        statement: cst.BaseExpression,
        params: List[cst.BaseExpression],
        kept: Sequence[cst.Arg],
        method: Optional[str] = None,
    ) -> cst.Call:
        """``call`` with its arguments replaced by ``statement``, ``params`` and the ``kept`` keywords,
        reusing the original commas in order (so a call laid out one argument per line stays so)."""
        originals = list(call.args)
        values: List[cst.Arg] = [cst.Arg(statement)] + [cst.Arg(p) for p in params] + [
            a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in kept
        ]
        multiline = is_multiline(call)
        out = []
        for i, arg in enumerate(values):
            if i < len(values) - 1:
                source = originals[i].comma if i < len(originals) - 1 else _COMMA
                comma = source if isinstance(source, cst.Comma) and multiline else _COMMA
            else:
                last = originals[-1].comma
                comma = last if multiline and isinstance(last, cst.Comma) else cst.MaybeSentinel.DEFAULT
                # the line break before `)` of a call laid out one argument per line
                arg = arg.with_changes(whitespace_after_arg=originals[-1].whitespace_after_arg)
            out.append(arg.with_changes(comma=comma))
        new = call.with_changes(args=out)
        if method is not None:
            new = new.with_changes(func=new.func.with_changes(attr=cst.Name(method)))  # type: ignore[attr-defined]
        return new

    def _text(self, node: cst.BaseExpression, original: cst.Call) -> Optional[cst.BaseExpression]:
        ref = self.sqla_ref_here("text")
        if ref is None:
            self.report(
                original,
                "a plain SQL string is not executable in 2.0: wrap it in sqlalchemy.text() (not rewritten: "
                "the name text means something else in this scope)",
            )
            return None
        return cst.Call(func=ref, args=[cst.Arg(node)])

    # -- Connection / Engine ------------------------------------------------------------------------------

    def _core(self, original: cst.Call, updated: cst.Call, kind: str) -> cst.BaseExpression:
        split = _split(original, _CONNECTION_KEYWORDS)
        if split is None:
            return updated
        method = self._method(original)
        owner = "Engine" if kind == Kind.ENGINE else "Connection"
        if split.star:
            self.report(original, f"{owner}.{method}() with *args: 2.0 takes one parameter dict or a list of them; pass that")
            return updated
        legacy_keywords = split.legacy_keywords
        kept = split.kept_keywords
        if any(_is_scalar(a.value) for a in kept):
            # `execution_options=7`: not 2.0's keyword (a dict), a 1.x bind parameter of that name
            legacy_keywords = kept
        if legacy_keywords:
            # with a 1.x keyword parameter beside them, `parameters=` and `execution_options=` were bind
            # parameters too
            legacy_keywords, kept = [a for a in original.args[1:] if a.keyword is not None or a.star == "**"], []
        if legacy_keywords and split.positional:
            self.report(
                original,
                f"{owner}.{method}() with positional and keyword parameters: 2.0 takes one parameter dict; merge them",
            )
            return updated
        is_string, literals = self._string_statement(original.args[0].value)
        if is_string:
            return self._core_string(original, updated, split, legacy_keywords, kept, literals, owner)
        positional = split.positional
        if not legacy_keywords and len(positional) < 2:
            return updated
        new_values = self._updated_values(original, updated)
        multiline = is_multiline(original)
        if legacy_keywords:
            params: List[cst.BaseExpression] = [_dict_of(self._updated_args(original, updated, legacy_keywords), multiline)]
        else:
            statement_kind = self.kind_of(original.args[0].value)
            if statement_kind not in _CONSTRUCTS and not all(_is_dict(p.value) for p in positional):
                self.report(
                    original,
                    f"{owner}.{method}() with several parameters and a statement of unknown type: 2.0 takes a "
                    "list of dicts for a statement, exec_driver_sql(sql, [tuples]) for a string",
                )
                return updated
            params = [_display(_elements(self._updated_args(original, updated, positional), multiline), cst.List)]
        kept_new = self._updated_args(original, updated, kept)
        return self._rebuild(updated, new_values[0], params, kept_new)

    def _updated_values(self, original: cst.Call, updated: cst.Call) -> List[cst.BaseExpression]:
        return [a.value for a in updated.args]

    def _updated_args(self, original: cst.Call, updated: cst.Call, args: Sequence[cst.Arg]) -> List[cst.Arg]:
        index = {id(a): i for i, a in enumerate(original.args)}
        return [updated.args[index[id(a)]] for a in args]

    def _core_string(
        self,
        original: cst.Call,
        updated: cst.Call,
        split: _Args,
        legacy_keywords: List[cst.Arg],
        kept: List[cst.Arg],
        literals: Optional[List[str]],
        owner: str,
    ) -> cst.BaseExpression:
        method = self._method(original)
        multiline = is_multiline(original)
        positional = split.positional
        statement = updated.args[0].value
        named_keys: Optional[Set[str]] = None
        named = False
        driver_params: Optional[cst.BaseExpression] = None
        params: List[cst.BaseExpression] = []
        if kept:
            # `parameters=` / `execution_options=` alone: 2.0's keywords (1.x's bind parameters), on a string
            # that 2.0 cannot execute: which was meant is for the author to say
            self.report(original, f"{owner}.{method}() of a plain SQL string: use exec_driver_sql(sql, parameters) or text(sql)")
            return updated
        if legacy_keywords:
            named = True
            if all(a.star == "" for a in legacy_keywords):
                named_keys = {a.keyword.value for a in legacy_keywords}  # type: ignore[union-attr]
            params = [_dict_of(self._updated_args(original, updated, legacy_keywords), multiline)]
        elif positional:
            first = positional[0].value
            new_args = self._updated_args(original, updated, positional)
            if len(positional) == 1:
                if _is_dict(first):
                    named = True
                    named_keys = _dict_keys(first)
                    params = [new_args[0].value]
                elif isinstance(first, cst.List) and first.elements and all(_is_dict(e.value) for e in first.elements):
                    named = True
                    params = [new_args[0].value]
                else:
                    driver_params = self._positional_one(first, new_args[0].value)
                    if driver_params is new_args[0].value and not self._passes_as_it_is(first, literals):
                        self.report(
                            original,
                            f"{owner}.{method}() of a plain SQL string with one parameter whose type is not known: "
                            "1.x bound a single value as a row of one; use exec_driver_sql(sql, (value,)) for a "
                            "value, exec_driver_sql(sql, params) for a tuple, a dict or a list of rows",
                        )
                        return updated
            else:
                if _is_dict(first):
                    named = True
                    params = [_display(_elements(new_args, multiline), cst.List)]
                elif _is_sequence(first) or (
                    not _is_scalar(first) and any(_is_sequence(p.value) for p in positional)
                ):
                    rows = [(_as_tuple(v), c) for v, c in _elements(new_args, multiline)]
                    driver_params = _display(rows, cst.List)
                elif any(_is_scalar(p.value) for p in positional):
                    # 1.x read rows only when the first is a sequence; beside a literal value it is none
                    driver_params = _display(_elements(new_args, multiline), cst.Tuple).with_changes(
                        lpar=[cst.LeftParen()], rpar=[cst.RightParen()]
                    )
                else:
                    self.report(
                        original,
                        f"{owner}.{method}() of a plain SQL string with several parameters: 1.x read them as rows "
                        "or as one row depending on the first one's type; pass exec_driver_sql(sql, (a, b)) for "
                        "one row or [(a,), (b,)] for several",
                    )
                    return updated
        use_text = False
        if literals is not None and driver_params is None and (named or not positional):
            verdicts = [text_binds(v) for v in literals]
            if all(b is not None for b in verdicts):
                if not named:
                    use_text = all(not b for b in verdicts)
                else:
                    use_text = all(b and (named_keys is None or b <= named_keys) for b in verdicts)  # type: ignore[operator]
        if driver_params is not None:
            params = [driver_params]
        if use_text:
            wrapped = self._text(statement, original)
            if wrapped is None:
                return updated
            return self._rebuild(updated, wrapped, params, self._updated_args(original, updated, kept))
        if owner == "Engine":
            self.report(
                original,
                f"Engine.{method}() of a plain SQL string that text() would change (%, ? or :word in quotes) or with "
                "positional parameters: in `with engine.begin() as conn:` use conn.exec_driver_sql(sql, params)",
            )
            return updated
        rebuilt = self._rebuild(updated, statement, params, self._updated_args(original, updated, kept), "exec_driver_sql")
        if method == "scalar":
            return cst.Call(func=cst.Attribute(value=rebuilt, attr=cst.Name("scalar")), lpar=updated.lpar, rpar=updated.rpar)
        return rebuilt

    def _passes_as_it_is(self, param: cst.BaseExpression, literals: Optional[List[str]]) -> bool:
        """Whether exec_driver_sql(sql, param) binds ``param`` as 1.x's execute(sql, param) did: it is a
        display, or the SQL tells it is a mapping (named placeholders) or a row (two or more `?`/`%s`)."""
        if isinstance(param, (cst.Dict, cst.DictComp, cst.Tuple, cst.List)) or self.proven_sequence(param):
            return True
        if isinstance(param, cst.Name):
            values = self.bound_values(param)
            if values and all(isinstance(v, (cst.Dict, cst.Tuple, cst.List)) for v in values):
                return True
        if literals is None:
            return False
        counts = [positional_markers(sql) for sql in literals]
        return all(c is None or c >= 2 for c in counts)

    def _positional_one(self, original: cst.BaseExpression, value: cst.BaseExpression) -> cst.BaseExpression:
        """One positional parameter of a string statement, as exec_driver_sql takes it. 1.x's rule: a
        sequence whose first element is a sequence is rows (executemany), any other sequence one row, a
        scalar a row of one. 2.0 binds any tuple as one row and takes only tuples or dicts in a list."""
        if _is_scalar(original):
            return cst.Tuple(elements=[cst.Element(value=value, comma=cst.Comma())])
        if isinstance(original, (cst.List, cst.Tuple)) and original.elements and isinstance(value, (cst.List, cst.Tuple)):
            elements = original.elements
            if all(_is_sequence(e.value) for e in elements):
                if isinstance(original, cst.List) and all(isinstance(e.value, cst.Tuple) for e in elements):
                    return value
                return _display([(_as_tuple(e.value), e.comma) for e in value.elements], cst.List)
            if isinstance(original, cst.List) and all(_is_scalar(e.value) for e in elements):
                return _as_tuple(value)
        # a name, a call, a sequence of names: as 1.x passed it (2.0 agrees on a dict, a tuple of values
        # and a list of rows, and raises on a list of values)
        return value

    # -- Session ------------------------------------------------------------------------------------------

    def _session(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        split = _split(original, _SESSION_KEYWORDS)
        if split is None:
            return updated
        method = self._method(original)
        if split.star or len(split.positional) > 1:
            if len(split.positional) > 1:
                self.report(
                    original,
                    f"Session.{method}() with more than one positional argument after the statement (1.3 read the "
                    "next as mapper, 1.4 as execution_options): pass params=, bind_arguments= by keyword",
                )
            return updated
        binds = [a for a in split.legacy_keywords if a.keyword is not None and a.keyword.value in _BIND_ARGUMENTS]
        other = [a for a in split.legacy_keywords if a not in binds]
        if other:
            self.report(
                original,
                f"Session.{method}() keyword arguments other than params/execution_options/bind_arguments: 1.x "
                "sent them to get_bind(); put bind parameters in the params dict",
            )
            return updated
        if binds and any(a.keyword is not None and a.keyword.value == "bind_arguments" for a in split.kept_keywords):
            self.report(original, f"Session.{method}() with bind_arguments= and mapper=/clause=/bind=: merge them into bind_arguments")
            return updated
        is_string, _ = self._string_statement(original.args[0].value)
        if not is_string and not binds:
            return updated
        statement = updated.args[0].value
        if is_string:
            wrapped = self._text(statement, original)
            if wrapped is None:
                return updated
            statement = wrapped
        params = [a.value for a in self._updated_args(original, updated, split.positional)]
        kept = self._updated_args(original, updated, split.kept_keywords)
        if binds:
            bind_dict = _dict_of(self._updated_args(original, updated, binds), is_multiline(original))
            kept = kept + [cst.Arg(keyword=cst.Name("bind_arguments"), value=bind_dict, equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
            ))]
        return self._rebuild(updated, statement, params, kept)

    # -- receivers not proven --------------------------------------------------------------------------

    def _unproven(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        split = _split(original, _CONNECTION_KEYWORDS)
        if split is None or split.star or not (split.legacy_keywords or len(split.positional) > 1):
            return updated
        method = self._method(original)
        statement = original.args[0].value
        if _literal_str(statement) is not None:
            if split.legacy_keywords:
                self.report(
                    original,
                    f"{method}() of a plain SQL string with keyword parameters: if this is a SQLAlchemy Connection, "
                    "2.0 needs conn.execute(text(sql), {...}) (or exec_driver_sql(sql, {...})); its receiver is not "
                    "proven to be one",
                )
            return updated
        if self.kind_of(statement) not in _CONSTRUCTS:
            return updated
        if any(a.keyword is not None and a.keyword.value in _BIND_ARGUMENTS for a in split.legacy_keywords):
            self.report(
                original,
                f"{method}() with mapper=/clause=/bind=: on a Session 2.0 needs bind_arguments={{...}} (its receiver "
                "is not proven to be one)",
            )
            return updated
        if split.legacy_keywords and split.positional:
            self.report(original, f"{method}() with positional and keyword parameters: 2.0 takes one parameter dict; merge them")
            return updated
        what = "keyword parameters → one dict" if split.legacy_keywords else "several parameter dicts → one list"
        if not self.allow_unsafe(
            original,
            f"{method}() of a SQLAlchemy statement with {what} (2.0 rejects the 1.x form); its receiver is not "
            "proven to be a Connection",
        ):
            return updated
        return self._core(original, updated, Kind.CONNECTION)


def _dict_keys(node: cst.BaseExpression) -> Optional[Set[str]]:
    """The keys of a dict display when they are all string literals."""
    if not isinstance(node, cst.Dict):
        return None
    keys = set()
    for e in node.elements:
        if not isinstance(e, cst.DictElement):
            return None
        key = _literal_str(e.key)
        if key is None:
            return None
        keys.add(key)
    return keys
