import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "connection-autocommit"


@pytest.mark.parametrize("fixture", fixture_files("connection_autocommit"), ids=lambda p: p.stem)
def test_connection_autocommit_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import sqlite3\n\nimport sqlalchemy as sa\n\nconn = sqlite3.connect('app.db')\n"
            "conn.execute('INSERT INTO t VALUES (1)')\ncur = conn.cursor()\ncur.execute('DELETE FROM t')\n",
            id="a sqlite3 connection named conn",
        ),
        pytest.param(
            "import subprocess\n\nimport sqlalchemy as sa\n\nconn = subprocess.Popen(['ls'])\nconn.execute('DELETE')\n",
            id="a subprocess object named conn",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Conn:\n    def execute(self, sql):\n        return sql\n\n\n"
            "conn = Conn()\nconn.execute('INSERT INTO t VALUES (1)')\n",
            id="a user's own class with execute",
        ),
        pytest.param(
            "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://', future=True)\n"
            "with engine.connect() as conn:\n    conn.execute(text('INSERT INTO t VALUES (1)'))\n",
            id="a future=True engine",
        ),
        pytest.param(
            "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://', isolation_level='AUTOCOMMIT')\n"
            "with engine.connect() as conn:\n    conn.execute(text('INSERT INTO t VALUES (1)'))\n",
            id="an AUTOCOMMIT engine",
        ),
        pytest.param(
            "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://')\n"
            "with engine.connect() as conn:\n    with conn.begin():\n        conn.execute(text('INSERT INTO t VALUES (1)'))\n",
            id="inside with conn.begin()",
        ),
        pytest.param(
            "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://')\n"
            "with engine.begin() as conn:\n    conn.execute(text('INSERT INTO t VALUES (1)'))\n",
            id="a connection from engine.begin()",
        ),
        pytest.param(
            "from alembic import op\nfrom sqlalchemy import text\n\n\ndef upgrade():\n    conn = op.get_bind()\n"
            "    conn.execute(text('UPDATE t SET x = 1'))\n",
            id="alembic's connection runs inside the migration's transaction",
        ),
        pytest.param(
            "from sqlalchemy import create_engine, text\nfrom sqlalchemy.orm import Session\n\n"
            "session = Session(create_engine('sqlite://'))\nsession.execute(text('DELETE FROM t'))\n",
            id="a Session",
        ),
        pytest.param(
            "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://')\n"
            "with engine.connect() as conn:\n    rows = conn.execute(text('SELECT 1')).fetchall()\n",
            id="a read",
        ),
    ],
)
def test_connection_autocommit_noop(source):
    assert_noop(source, [ID])


def _run(body: str, unsafe: bool = False):
    source = "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://')\n" + body
    return migrate(source, [ID], unsafe=unsafe)


def test_one_commit_per_write():
    result = _run(
        "with engine.connect() as conn:\n    conn.execute(text('DELETE FROM a'))\n    conn.execute(text('DELETE FROM b'))\n"
    )
    assert result.output.endswith(
        "    conn.execute(text('DELETE FROM a'))\n    conn.commit()\n    conn.execute(text('DELETE FROM b'))\n    conn.commit()\n"
    )


def test_return_keeps_the_value_and_commits_first():
    result = _run("def f():\n    conn = engine.connect()\n    return conn.execute(text('DELETE FROM a'))\n")
    assert "    result = conn.execute(text('DELETE FROM a'))\n    conn.commit()\n    return result\n" in result.output


def test_try_except_is_reported_and_still_committed():
    result = _run(
        "with engine.connect() as conn:\n    try:\n        conn.execute(text('DELETE FROM a'))\n"
        "    except Exception:\n        pass\n"
    )
    assert "        conn.execute(text('DELETE FROM a'))\n        conn.commit()\n" in result.output
    assert len(result.findings) == 1 and "conn.rollback() in the handler" in result.findings[0]


def test_commit_trick_is_reported():
    result = _run("conn = engine.connect()\nconn.execute(text('COMMIT'))\n")
    assert result.output.endswith("conn.execute(text('COMMIT'))\n")
    assert "isolation_level=\"AUTOCOMMIT\"" in result.findings[0]


def test_autocommit_option_is_removed_where_the_commit_replaces_it():
    result = _run("with engine.connect() as conn:\n    conn.execute(text('CALL p()').execution_options(autocommit=True))\n")
    assert result.output.endswith("    conn.execute(text('CALL p()'))\n    conn.commit()\n")


def test_code_that_commits_itself_is_2_0_style():
    body = "with engine.connect() as conn:\n    conn.execute(text('DELETE FROM a'))\n    conn.execute(text('DELETE FROM b'))\n    conn.commit()\n"
    result = _run(body)
    assert result.output.endswith(body) and result.findings == []


def test_unknown_statement_is_an_unsafe_fix():
    body = "def f(sql):\n    with engine.connect() as conn:\n        conn.execute(sql)\n"
    safe = _run(body)
    assert "conn.commit()" not in safe.output and "[fix available with --unsafe-fixes]" in safe.findings[0]
    assert "conn.execute(sql)\n        conn.commit()\n" in _run(body, unsafe=True).output


def test_engine_execute_output_needs_no_commit():
    # engine-execute writes `engine.connect()` blocks only around statements 1.x did not commit
    source = (
        "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://')\n"
        "engine.execute(text('DELETE FROM a'))\nrows = engine.execute(text('SELECT 1')).fetchall()\n"
        "engine.execute(text('CALL p()'))\n"
    )
    result = migrate(source, ["engine-execute", ID])
    assert "commit()" not in result.output
    assert result.output.count("with engine.") == 3
    # the CALL is reported once, by engine-execute, not again on the block it wrote
    assert len(result.findings) == 1 and "engine-execute" in result.findings[0]


def test_second_run_repeats_the_findings():
    source = (
        "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://')\n"
        "with engine.connect() as conn:\n    try:\n        conn.execute(text('DELETE FROM a'))\n"
        "    except Exception:\n        pass\n    conn.execute(text('CALL p()'))\n"
    )
    first = migrate(source, [ID])
    second = migrate(first.output, [ID])
    assert [f.split(" ", 1)[1] for f in first.findings] == [f.split(" ", 1)[1] for f in second.findings]


def test_schema_ddl_on_the_connection_commits():
    result = _run(
        "from sqlalchemy import MetaData\nmetadata = MetaData()\nwith engine.connect() as conn:\n"
        "    metadata.create_all(conn)\n    metadata.drop_all(bind=conn)\n"
    )
    assert result.output.endswith(
        "    metadata.create_all(conn)\n    conn.commit()\n    metadata.drop_all(bind=conn)\n    conn.commit()\n"
    )


def test_writes_after_a_closed_transaction_commit():
    result = _run(
        "def f():\n    conn = engine.connect()\n    trans = conn.begin()\n    conn.execute(text('DELETE FROM a'))\n"
        "    trans.commit()\n    conn.execute(text('DELETE FROM b'))\n"
    )
    assert "    conn.execute(text('DELETE FROM a'))\n    trans.commit()\n" in result.output
    assert result.output.endswith("    conn.execute(text('DELETE FROM b'))\n    conn.commit()\n")


def test_a_connection_bound_two_ways_is_left_alone():
    source = (
        "def f(flag):\n    if flag:\n        conn = engine.connect()\n    else:\n        conn = engine.begin()\n"
        "    conn.execute(text('DELETE FROM a'))\n"
    )
    result = _run(source)
    assert "commit" not in result.output and result.findings == []


def test_one_line_suite_becomes_a_block():
    result = _run("with engine.connect() as conn:\n    if True: conn.execute(text('DELETE FROM a'))\n")
    assert result.output.endswith("    if True:\n        conn.execute(text('DELETE FROM a'))\n        conn.commit()\n")
