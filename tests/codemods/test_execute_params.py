import pytest

from sqla_upgrade.codemods.execute_params import text_binds
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "execute-params"

_ENGINE = "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://')\n"


@pytest.mark.parametrize("fixture", fixture_files("execute_params"), ids=lambda p: p.stem)
def test_execute_params_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import sqlite3\nimport sqlalchemy as sa\n\ndb = sqlite3.connect('app.db')\ncur = db.cursor()\n"
            "cur.execute('SELECT * FROM t WHERE a = ?', (1,))\ndb.execute('DELETE FROM t')\n"
            "cur.executemany('INSERT INTO t VALUES (?)', [(1,), (2,)])\n",
            id="sqlite3 connection and cursor",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\ndef listener(dbapi_connection, record):\n"
            "    cursor = dbapi_connection.cursor()\n    cursor.execute('SET search_path TO %s', ('app',))\n"
            "    cursor.execute('SELECT 1')\n",
            id="a DB-API cursor in an event listener, with %s",
        ),
        pytest.param(
            _ENGINE + "raw = engine.raw_connection()\nraw.cursor().execute('SELECT %s', (1,))\n"
            "with engine.connect() as conn:\n    conn.connection.cursor().execute('SELECT ?', (1,))\n"
            "    conn.connection.execute('SELECT 1')\n",
            id="the DB-API connection under a Connection",
        ),
        pytest.param(
            "import subprocess\nimport sqlalchemy as sa\n\nsubprocess.run(['ls'], check=True)\n"
            "from celery import shared_task\n\n\n@shared_task\ndef job(x):\n    return x\n\n"
            "job.apply_async(args=(1,))\nworker.execute(job, retries=3)\n",
            id="subprocess and a celery-style execute",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Runner:\n    def execute(self, sql, *args, **kw):\n        return sql\n\n"
            "    def scalar(self, sql, **kw):\n        return 1\n\n\nrunner = Runner()\n"
            "runner.execute('SELECT 1', 1, 2, a=3)\nrunner.scalar('SELECT 1', a=1)\n",
            id="a user's own class with execute() and scalar()",
        ),
        pytest.param(
            _ENGINE + "with engine.begin() as conn:\n    conn.execute(text('SELECT :x'), {'x': 1})\n"
            "    conn.execute(text('INSERT INTO t VALUES (:x)'), [{'x': 1}, {'x': 2}])\n"
            "    conn.exec_driver_sql('SELECT ?', (1,))\n    conn.scalar(text('SELECT 1'))\n"
            "    conn.execute(text('SELECT 1'), execution_options={'stream_results': True})\n"
            "    conn.execute(text('SELECT :x'), parameters={'x': 1})\n",
            id="already 2.0",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session\n\n\ndef f(session: Session):\n"
            "    session.execute(select(User), {'x': 1}, execution_options={'a': 1}, bind_arguments={'mapper': User})\n",
            id="already 2.0 on a Session",
        ),
        pytest.param(
            "from sqlalchemy import text\n\nrow = {'execute': 1}\nrow.get('execute')\nprint('conn.execute(\"x\", a=1)')\n",
            id="a dict and a string",
        ),
    ],
)
def test_execute_params_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize(
    "sql, binds",
    [
        pytest.param("SELECT 1", set(), id="nothing"),
        pytest.param("SELECT :a, :b", {"a", "b"}, id="named"),
        pytest.param("SELECT '10:30', a::text, :p", {"p"}, id="time literal and cast are no binds"),
        pytest.param("SELECT ' :x'", None, id="a bind inside quotes"),
        pytest.param("SELECT 1 -- :x", None, id="a bind in a comment"),
        pytest.param("SELECT '50%%'", None, id="percent doubling"),
        pytest.param("SELECT '5%'", None, id="a single percent"),
        pytest.param("SELECT %(x)s", None, id="pyformat"),
        pytest.param("SELECT \\:x", None, id="escaped colon"),
        pytest.param("SELECT ?", None, id="qmark"),
        pytest.param("SELECT '?'", set(), id="a question mark inside quotes"),
        pytest.param("DO $$ BEGIN END $$", None, id="dollar quoting"),
    ],
)
def test_text_binds(sql, binds):
    assert text_binds(sql) == binds


def test_text_keeps_percent_meaning_on_a_pyformat_dialect():
    # Why `%` sends a string to exec_driver_sql: text() doubles it for pyformat drivers (psycopg2), where
    # the driver reads `%%` as `%`; the string 1.x passed straight to the driver meant one `%`.
    pytest.importorskip("sqlalchemy")
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql

    compiled = str(text("SELECT '50%%'").compile(dialect=postgresql.dialect()))
    assert compiled == "SELECT '50%%%%'"


@pytest.mark.parametrize(
    "call, expected",
    [
        pytest.param("conn.execute(t.insert(), a=1)", 'conn.execute(t.insert(), {"a": 1})', id="keywords"),
        pytest.param("conn.execute(t.insert(), **p)", "conn.execute(t.insert(), {**p})", id="double star"),
        pytest.param("conn.execute(t.insert(), {'a': 1}, {'a': 2})", "conn.execute(t.insert(), [{'a': 1}, {'a': 2}])", id="dicts"),
        pytest.param("conn.execute('SELECT 1')", "conn.execute(text('SELECT 1'))", id="string"),
        pytest.param("conn.execute('SELECT ?', 1)", "conn.exec_driver_sql('SELECT ?', (1,))", id="one positional"),
        pytest.param("conn.execute('SELECT ?, ?', 1, 2)", "conn.exec_driver_sql('SELECT ?, ?', (1, 2))", id="two positional"),
        pytest.param("conn.execute('SELECT ?, ?', [1, 2])", "conn.exec_driver_sql('SELECT ?, ?', (1, 2))", id="a list row"),
        pytest.param("conn.execute('INSERT INTO t VALUES (?)', (1,), (2,))", "conn.exec_driver_sql('INSERT INTO t VALUES (?)', [(1,), (2,)])", id="rows"),
        pytest.param("p = (1,)\n    conn.execute('SELECT ?', p)", "p = (1,)\n    conn.exec_driver_sql('SELECT ?', p)", id="a name bound to a tuple passes through"),
        pytest.param("n = conn.scalar('SELECT ?', 1)", "n = conn.exec_driver_sql('SELECT ?', (1,)).scalar()", id="scalar"),
        pytest.param("conn.execute('SELECT :a', a=1)", "conn.execute(text('SELECT :a'), {\"a\": 1})", id="named string"),
        pytest.param("conn.execute('SELECT :a', {'b': 1})", "conn.exec_driver_sql('SELECT :a', {'b': 1})", id="keys that do not match"),
    ],
)
def test_connection_forms(call, expected):
    source = _ENGINE + f"with engine.begin() as conn:\n    {call}\n"
    result = migrate(source, [ID])
    assert result.findings == []
    assert result.output == _ENGINE + f"with engine.begin() as conn:\n    {expected}\n"


def test_the_output_of_engine_execute_is_normalised():
    # engine-execute writes the with-block and leaves the 1.x arguments: this codemod finishes the job.
    source = _ENGINE + "with engine.begin() as conn:\n    conn.execute(t.insert(), name='x')\n"
    assert migrate(source, [ID]).output == _ENGINE + 'with engine.begin() as conn:\n    conn.execute(t.insert(), {"name": \'x\'})\n'


def test_engine_string_needing_exec_driver_sql_is_reported():
    source = _ENGINE + "engine.execute('SELECT ?', 1)\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert len(result.findings) == 1 and "conn.exec_driver_sql(sql, params)" in result.findings[0]


def test_engine_keywords_are_normalised_where_engine_execute_left_the_call():
    source = _ENGINE + "engine.execute(t.insert(), a=1)\n"
    assert migrate(source, [ID]).output == _ENGINE + 'engine.execute(t.insert(), {"a": 1})\n'


def test_mixed_positional_and_keyword_parameters_are_reported():
    source = _ENGINE + "with engine.begin() as conn:\n    conn.execute(t.insert(), {'a': 1}, b=2)\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert "positional and keyword parameters" in result.findings[0]


def test_star_args_are_reported():
    source = _ENGINE + "with engine.begin() as conn:\n    conn.execute(t.insert(), *rows)\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert "*args" in result.findings[0]


def test_a_comment_between_keywords_is_kept():
    source = _ENGINE + "with engine.begin() as conn:\n    conn.execute(\n        t.insert(),\n        a=1,  # first\n        b=2,\n    )\n"
    result = migrate(source, [ID])
    assert "# first" in result.output and '"a": 1' in result.output


def test_string_statement_with_unknown_first_of_several_parameters_is_reported():
    source = _ENGINE + "with engine.begin() as conn:\n    conn.execute('INSERT INTO t VALUES (?)', a, b)\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert "one row or [(a,), (b,)] for several" in result.findings[0]


@pytest.mark.parametrize(
    "sql, count",
    [
        pytest.param("SELECT ?", 1, id="one qmark"),
        pytest.param("SELECT ?, %s", 2, id="qmark and format"),
        pytest.param("SELECT '?', ?", 1, id="quoted"),
        pytest.param("SELECT :a", None, id="named"),
        pytest.param("SELECT %(a)s", None, id="pyformat"),
        pytest.param("SELECT 1", 0, id="none"),
    ],
)
def test_positional_markers(sql, count):
    from sqla_upgrade.codemods.execute_params import positional_markers

    assert positional_markers(sql) == count


@pytest.mark.parametrize(
    "call, expected",
    [
        pytest.param("conn.execute('SELECT :a', p)", "conn.exec_driver_sql('SELECT :a', p)", id="named: a mapping"),
        pytest.param("conn.execute('SELECT ?, ?', p)", "conn.exec_driver_sql('SELECT ?, ?', p)", id="two markers: a row"),
        pytest.param("conn.execute('SELECT ?', f())", None, id="one marker: reported"),
        pytest.param("conn.execute(f'SELECT {x}', p)", None, id="an f-string: reported"),
    ],
)
def test_a_parameter_of_unknown_type(call, expected):
    source = _ENGINE + f"with engine.begin() as conn:\n    {call}\n"
    result = migrate(source, [ID])
    if expected is None:
        assert result.output == source
        assert "whose type is not known" in result.findings[0]
    else:
        assert result.output == _ENGINE + f"with engine.begin() as conn:\n    {expected}\n"


@pytest.mark.parametrize(
    "call, expected",
    [
        pytest.param("conn.execute('SELECT ?, ?', a, 'z')", "conn.exec_driver_sql('SELECT ?, ?', (a, 'z'))", id="a literal beside: one row"),
        pytest.param("conn.execute('SELECT ?', a, (2,))", "conn.exec_driver_sql('SELECT ?', [a, (2,)])", id="a tuple beside: rows"),
    ],
)
def test_several_parameters_with_an_unknown_first(call, expected):
    source = _ENGINE + f"with engine.begin() as conn:\n    {call}\n"
    assert migrate(source, [ID]).output == _ENGINE + f"with engine.begin() as conn:\n    {expected}\n"


def test_the_closing_parenthesis_keeps_its_line():
    source = "from sqlalchemy.orm import Session\n\n\ndef f(s: Session):\n    return s.execute(\n        'SELECT :id',\n        {'id': 1}\n    ).first()\n"
    assert migrate(source, [ID]).output == (
        "from sqlalchemy.orm import Session\nfrom sqlalchemy import text\n\n\ndef f(s: Session):\n    return s.execute(\n"
        "        text('SELECT :id'),\n        {'id': 1}\n    ).first()\n"
    )
