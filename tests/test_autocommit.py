"""sqla_upgrade/autocommit.py: 1.x's autocommit classification, checked against SQLAlchemy 1.4's own rule."""

from __future__ import annotations

import libcst as cst
import pytest

from sqla_upgrade.autocommit import Commits, hidden_write, is_commit_statement, sql_string_autocommits, statement_commits
from sqla_upgrade.inference import Inference
from sqla_upgrade.scopes import FileNames
from sqla_upgrade.matchers import bound_values

PRELUDE = (
    "from sqlalchemy import MetaData, Table, Column, Integer, select, insert, text, DDL\n"
    "from sqlalchemy.schema import CreateTable\n"
    "md = MetaData()\nt = Table('t', md, Column('id', Integer))\n"
    "DELETE_SQL = 'DELETE FROM t'\n"
    "REPORT = text('SELECT * FROM report')\n"
)


def _classify(expr: str) -> Commits:
    module = cst.parse_module(PRELUDE + f"x = {expr}\n")
    names = FileNames()
    names.enter_module(module)
    inference = Inference(names)
    value = module.body[-1].body[0].value
    return statement_commits(value, inference.kind_of, lambda n: bound_values(n, names))


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("t.insert()", Commits.YES),
        ("insert(t).values(id=1)", Commits.YES),
        ("t.delete().where(t.c.id == 1)", Commits.YES),
        ("t.update().execution_options(autocommit=False)", Commits.NO),
        ("select(t)", Commits.NO),
        ("select(t).execution_options(autocommit=True)", Commits.YES),
        ("text('  insert into t values (1)')", Commits.YES),
        ("text('SELECT 1')", Commits.NO),
        ("text(':x').bindparams(x=1)", Commits.NO),
        ("text(sql)", Commits.UNKNOWN),
        ("'UPDATE t SET id = 2'", Commits.YES),
        ("'select 1'", Commits.NO),
        ("'WITH x AS (DELETE FROM t) SELECT 1'", Commits.NO),  # 1.x's regex looked at the start only
        ("f'DROP TABLE {name}'", Commits.YES),
        ("f'SELECT * FROM {name}'", Commits.NO),
        ("f'{verb} FROM t'", Commits.UNKNOWN),
        ("DDL('CREATE INDEX i ON t (id)')", Commits.YES),
        ("CreateTable(t)", Commits.YES),
        ("DELETE_SQL", Commits.YES),
        ("make_statement()", Commits.UNKNOWN),
        ("select(t).execution_options(**opts)", Commits.UNKNOWN),
    ],
)
def test_classification(expr, expected):
    assert _classify(expr) is expected


@pytest.mark.parametrize(
    "sql, expected",
    [("UPDATEx", True), ("\n\tcreate table x (id int)", True), ("-- comment\nINSERT", False), ("alter", True)],
)
def test_regexp_is_one_point_x(sql, expected):
    # 1.4's own regexp, checked on the interpreter that has 1.4 in tests/test_differential.py's style would
    # be stronger; the cases here are the ones its docstring names (no word boundary, start only).
    assert sql_string_autocommits(sql) is expected


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("'DELETE FROM %s' % name", Commits.YES),
        ("'SELECT * FROM %s' % name", Commits.NO),
        ("'%s FROM t' % verb", Commits.UNKNOWN),
        ("'DROP TABLE {}'.format(name)", Commits.YES),
        ("u'SELECT * FROM \"{0}\" LIMIT {1}'.format(t, n)", Commits.NO),
        ("'INSERT INTO ' + name", Commits.YES),
        ("'UPDATE t SET a = ' + str(x) + ' WHERE id = 1'", Commits.YES),
        ("REPORT", Commits.NO),  # a name bound to text("SELECT ...")
    ],
)
def test_strings_built_at_run_time_by_their_literal_start(expr, expected):
    assert _classify(expr) is expected


def _expr(expr: str):
    module = cst.parse_module(PRELUDE + f"x = {expr}\n")
    names = FileNames()
    names.enter_module(module)
    return module.body[-1].body[0].value, (lambda n: bound_values(n, names))


@pytest.mark.parametrize(
    "expr, keyword",
    [
        ("'CALL refresh()'", "CALL"),
        ("text('WITH m AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM m')", "DELETE"),
        ("'TRUNCATE audit'", "TRUNCATE"),
        ("'EXEC p'", "EXEC"),
        ("'MERGE INTO t USING s ON 1 = 1'", "MERGE"),
        ("'SELECT 1'", None),
        ("'SELECT deleted_at FROM t'", None),  # a column name is not the keyword
        ("'DELETE FROM t'", None),  # 1.x committed it: nothing hidden
        ("sql", None),
    ],
)
def test_hidden_write(expr, keyword):
    node, values = _expr(expr)
    assert hidden_write(node, values) == keyword


@pytest.mark.parametrize(
    "expr, expected",
    [("'commit'", True), ("text('COMMIT;')", True), ("' Commit '", True), ("'COMMIT PREPARED x'", False), ("'SELECT 1'", False)],
)
def test_commit_statement(expr, expected):
    node, values = _expr(expr)
    assert is_commit_statement(node, values) is expected


def test_text_of_a_name_is_classified_as_the_name():
    source = PRELUDE + "sql = 'SELECT 1'\nx = text(sql)\n"
    module = cst.parse_module(source)
    names = FileNames()
    names.enter_module(module)
    inference = Inference(names)
    value = module.body[-1].body[0].value
    assert statement_commits(value, inference.kind_of, lambda n: bound_values(n, names)) is Commits.NO
    assert statement_commits(value.args[0].value, inference.kind_of, lambda n: bound_values(n, names)) is Commits.NO


def test_a_script_that_commits_itself_hides_no_write():
    from sqla_upgrade.autocommit import hidden_write

    script = cst.parse_expression("'SELECT x INTO tmp FROM t;\\nINSERT INTO s SELECT * FROM tmp;\\nCOMMIT;'")
    assert hidden_write(script) is None
    assert hidden_write(cst.parse_expression("'WITH d AS (DELETE FROM t RETURNING id) SELECT * FROM d'")) == "DELETE"
