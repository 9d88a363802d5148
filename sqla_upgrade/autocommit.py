"""Would SQLAlchemy 1.x have autocommitted this statement? The one classification behind every rewrite that
turns 1.x "connectionless" or autocommitting execution into 2.0's explicit transactions (implicit-execution,
engine-execute, connection-autocommit).

1.x (1.3 and 1.4 without ``future=True``) committed after executing, outside a transaction it was told of:

* an ``insert()`` / ``update()`` / ``delete()``, and every DDL element (``DDL(...)``, ``CreateTable(t)``, ...),
  unless ``.execution_options(autocommit=False)`` said otherwise;
* a ``select()`` (or any other construct) only with ``.execution_options(autocommit=True)``;
* a ``text()`` or a plain SQL string when it matches ``AUTOCOMMIT_REGEXP`` (``\\s*(UPDATE|INSERT|CREATE|
  DELETE|DROP|ALTER)``, case-insensitive, at the start, no word boundary), or with
  ``execution_options(autocommit=True)``.

The answer is three-valued. ``UNKNOWN`` is the honest answer for a name the tool cannot follow, a string
built at run time, or a function call: a codemod then reports (or takes the side that cannot lose data,
as its own module explains), never guesses.
"""

from __future__ import annotations

import enum
import re
from typing import Callable, Optional

import libcst as cst

from sqla_upgrade.kinds import Kind

#: SQLAlchemy 1.4's `DefaultDialect`/`DefaultExecutionContext` AUTOCOMMIT_REGEXP, as it was matched
AUTOCOMMIT_REGEXP = re.compile(r"\s*(?:UPDATE|INSERT|CREATE|DELETE|DROP|ALTER)", re.I | re.UNICODE)

# The longest keyword: a literal prefix shorter than this (after whitespace) may still become one.
_LONGEST = max(len(k) for k in ("UPDATE", "INSERT", "CREATE", "DELETE", "DROP", "ALTER"))


class Commits(str, enum.Enum):
    YES = "autocommits"
    NO = "does not autocommit"
    UNKNOWN = "unknown"


def sql_string_autocommits(sql: str) -> bool:
    """1.x's test of a SQL string (a `text()` or a plain string given to execute)."""
    return AUTOCOMMIT_REGEXP.match(sql) is not None


def _literal_text(node: cst.BaseExpression) -> Optional[str]:
    """The value of a string literal (plain or implicitly concatenated), else None."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _leading_text(node: cst.BaseExpression) -> Optional[str]:
    """The literal start of a string built at run time: an f-string (`f"INSERT INTO {t} ..."` → "INSERT
    INTO "), a %-format or `.format()` of a literal (up to its first placeholder), a concatenation that
    starts with a literal; else None."""
    if isinstance(node, cst.FormattedString) and node.parts and isinstance(node.parts[0], cst.FormattedStringText):
        return node.parts[0].value
    if isinstance(node, cst.BinaryOperation):
        if isinstance(node.operator, cst.Modulo):
            text = _literal_text(node.left)
            return text.split("%", 1)[0] if text is not None else None
        if isinstance(node.operator, cst.Add):
            text = _literal_text(node.left)
            return text if text is not None else _leading_text(node.left)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        text = _literal_text(node.func.value)
        return text.split("{", 1)[0] if text is not None else None
    return None


def string_commits(node: cst.BaseExpression) -> Commits:
    """1.x's answer for a SQL string expression: a literal is decided; an f-string when its literal start
    decides (`f"DELETE FROM {t}"`); anything else is unknown."""
    text = _literal_text(node)
    if text is not None:
        return Commits.YES if sql_string_autocommits(text) else Commits.NO
    start = _leading_text(node)
    if start is not None:
        if sql_string_autocommits(start):
            return Commits.YES
        if len(start.lstrip()) >= _LONGEST:
            return Commits.NO
    return Commits.UNKNOWN


def _execution_option(call: cst.Call) -> Optional[bool]:
    """`autocommit=True/False` given to `.execution_options(...)`; None when absent or not a literal."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "autocommit":
            if isinstance(arg.value, cst.Name) and arg.value.value in ("True", "False"):
                return arg.value.value == "True"
            return None
    return None


def statement_commits(
    node: cst.BaseExpression,
    kind_of: Callable[[cst.BaseExpression], str],
    values: Optional[Callable[[cst.Name], Optional[list]]] = None,
) -> Commits:
    """Whether 1.x autocommitted executing ``node`` (an original node) outside a transaction.

    ``kind_of`` is the inference (`SqlaCodemod.kind_of`); ``values``, when given, the values a name is bound
    to (`SqlaCodemod.bound_values`), used to follow a name to string literals only.
    """
    # `.execution_options(autocommit=...)` anywhere on the chain decides, the outermost first.
    probe: cst.BaseExpression = node
    while isinstance(probe, cst.Call) and isinstance(probe.func, cst.Attribute):
        if probe.func.attr.value == "execution_options":
            option = _execution_option(probe)
            if option is not None:
                return Commits.YES if option else Commits.NO
            if any(a.keyword is None for a in probe.args):  # **opts: could hold autocommit
                return Commits.UNKNOWN
        probe = probe.func.value
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)) or _leading_text(node) is not None:
        return string_commits(node)
    kind = kind_of(node)
    if kind in (Kind.DML, Kind.DDL):
        return Commits.YES
    if kind in (Kind.SELECT, Kind.COMPOUND, Kind.EXISTS, Kind.SCALAR_SELECT, Kind.FROMCLAUSE, Kind.JOIN):
        return Commits.NO
    if kind == Kind.TEXT and not isinstance(node, cst.Name):  # a name: followed to its value below
        text_call = _text_call(node)
        if text_call is not None and text_call.args and text_call.args[0].keyword is None:
            # `text(sql)`: the SQL the name holds decides, as for a plain string (found on ckan: a second run
            # classified `conn.execute(text(sql))`, which the first run wrote, differently than `execute(sql)`)
            return statement_commits(text_call.args[0].value, kind_of, values)
        return Commits.UNKNOWN
    if isinstance(node, cst.Name) and values is not None:
        bound = values(node)
        if bound:
            answers = {statement_commits(v, kind_of, None) for v in bound}
            if len(answers) == 1:
                return answers.pop()
    return Commits.UNKNOWN


def _text_call(node: cst.BaseExpression) -> Optional[cst.Call]:
    """The `text(...)` call at the head of `text("...").bindparams(...)...`, if the chain is one."""
    while isinstance(node, cst.Call):
        if isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Call):
            node = node.func.value
            continue
        return node
    return None


#: write keywords that 1.x's AUTOCOMMIT_REGEXP does not see unless the SQL starts with them (its own six
#: anywhere else, as in `WITH x AS (...) INSERT ...`, and statements it never recognised)
_WRITE_WORDS = re.compile(
    r"\b(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|CALL|EXEC|EXECUTE|TRUNCATE|MERGE|REPLACE|GRANT|REVOKE|COPY|VACUUM)\b",
    re.I,
)


def statement_sql(
    node: cst.BaseExpression, values: Optional[Callable[[cst.Name], Optional[list]]] = None
) -> Optional[str]:
    """The SQL of a statement that is a string literal, a `text("literal")` chain, or a name bound only to
    one such literal; None otherwise (the kind of a `text()` call is not checked here: callers classify
    the statement with :func:`statement_commits` first)."""
    text = _literal_text(node)
    if text is not None:
        return text
    head = _text_call(node) if isinstance(node, cst.Call) else None
    if head is not None and head.args and head.args[0].keyword is None and not head.args[0].star:
        return _literal_text(head.args[0].value)
    if isinstance(node, cst.Name) and values is not None:
        bound = values(node)
        if bound and len(bound) == 1:
            return statement_sql(bound[0], None)
    return None


_OWN_COMMIT = re.compile(r"(?:^|;)\s*(?:COMMIT|END)\s*(?:;|$)", re.I)


def hidden_write(
    node: cst.BaseExpression, values: Optional[Callable[[cst.Name], Optional[list]]] = None
) -> Optional[str]:
    """For a statement 1.x did not autocommit whose literal SQL contains a write keyword anywhere
    (`WITH ... INSERT`, `CALL p()`, `EXEC p`, `TRUNCATE t`, `MERGE ...`): that keyword, upper-cased. 1.x
    rolled such a statement back when the connection went back to the pool. A script that ends its own
    transaction (`...; INSERT ...; COMMIT;`) kept its writes on 1.x and keeps them on 2.0: no hidden write
    (found on ckan, where engine-execute reported one such script and, on a second run,
    connection-autocommit rightly did not)."""
    sql = statement_sql(node, values)
    if sql is None or sql_string_autocommits(sql) or _OWN_COMMIT.search(sql):
        return None
    match = _WRITE_WORDS.search(sql)
    return match.group(1).upper() if match else None


def is_commit_statement(
    node: cst.BaseExpression, values: Optional[Callable[[cst.Name], Optional[list]]] = None
) -> bool:
    """`"commit"` / `text("COMMIT;")`: the 1.x trick to end the DBAPI transaction by hand (before `CREATE
    DATABASE`, which PostgreSQL refuses inside one)."""
    sql = statement_sql(node, values)
    return sql is not None and sql.strip().rstrip(";").strip().lower() in ("commit", "end")


#: a write keyword anywhere in a statement 1.x did not autocommit (`WITH ... INSERT`, `CALL p()`, `EXEC p`)
_WRITE_ANYWHERE = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE|CALL|EXEC|EXECUTE|TRUNCATE|CREATE|DROP|ALTER)\b", re.I)


def rolled_back_write(node: cst.BaseExpression) -> bool:
    """Whether ``node`` is SQL text 1.x did not autocommit (``statement_commits`` says NO) that still names a
    write (``"WITH x AS (...) INSERT ..."``, ``"CALL p()"``): 1.x rolled it back, which a rewrite keeps and
    says."""
    text_call = _text_call(node)
    candidate = node
    if isinstance(text_call, cst.Call) and text_call.args and text_call.args[0].keyword is None:
        candidate = text_call.args[0].value
    text = _literal_text(candidate)
    return text is not None and not sql_string_autocommits(text) and _WRITE_ANYWHERE.search(text) is not None
