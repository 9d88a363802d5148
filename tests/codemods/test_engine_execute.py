import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "engine-execute"


@pytest.mark.parametrize("fixture", fixture_files("engine_execute"), ids=lambda p: p.stem)
def test_engine_execute_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import sqlite3\n\nimport sqlalchemy as sa\n\ncon = sqlite3.connect('app.db')\ncur = con.cursor()\n"
            "cur.execute('INSERT INTO t VALUES (1)')\nn = cur.execute('SELECT 1').fetchone()\ncon.execute('DELETE FROM t')\n",
            id="sqlite3 connection and cursor",
        ),
        pytest.param(
            "import subprocess\n\nimport sqlalchemy as sa\n\nproc = subprocess.Popen(['ls'])\nproc.execute('x')\n",
            id="a subprocess object",
        ),
        pytest.param(
            "import sqlalchemy as sa\nfrom celery import shared_task\n\n\n@shared_task\ndef job():\n    pass\n\n"
            "job.execute('x')\njob.apply_async().execute()\n",
            id="a celery task",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Runner:\n    def execute(self, sql):\n        return sql\n\n"
            "    def scalar(self, sql):\n        return 1\n\n\nengine = Runner()\nengine.execute('DELETE FROM t')\n"
            "n = engine.scalar('SELECT 1')\n",
            id="a user's own class named engine",
        ),
        pytest.param(
            "from sqlalchemy import create_engine, text\nfrom sqlalchemy.orm import Session\n\n"
            "engine = create_engine('sqlite://')\nsession = Session(engine)\nsession.execute(text('DELETE FROM t'))\n"
            "n = session.scalar(text('SELECT 1'))\n",
            id="a Session is not an Engine",
        ),
        pytest.param(
            "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://')\n"
            "with engine.connect() as conn:\n    conn.execute(text('SELECT 1'))\n",
            id="a Connection's execute",
        ),
        pytest.param(
            "from sqlalchemy import text\n\n\ndef run(engine):\n    engine.execute(text('DELETE FROM t'))\n",
            id="an unannotated parameter is not proven an Engine",
        ),
        pytest.param("s = 'engine.execute(x)'\n", id="inside a string"),
    ],
)
def test_engine_execute_noop(source):
    assert_noop(source, [ID])


def _run(body: str, unsafe: bool = False):
    source = "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://')\n" + body
    return migrate(source, [ID], unsafe=unsafe)


def test_one_block_per_statement_never_merged():
    result = _run("engine.execute(text('DELETE FROM a'))\nengine.execute(text('DELETE FROM b'))\n")
    assert result.output.count("with engine.begin() as conn:") == 2


def test_connection_name_avoids_names_of_the_scope():
    result = _run("conn = 1\nengine.execute(text('DELETE FROM a'))\n")
    assert "with engine.begin() as connection:\n    connection.execute(text('DELETE FROM a'))\n" in result.output


def test_connection_name_only_avoids_the_function_own_names():
    result = _run("conn = 1\n\n\ndef f():\n    engine.execute(text('DELETE FROM a'))\n")
    # `conn` in the function would not shadow anything it uses; the module's `conn` is not read there
    assert "    with engine.begin() as conn:\n        conn.execute(text('DELETE FROM a'))\n" in result.output


def test_select_gets_connect_and_write_gets_begin():
    result = _run("rows = engine.execute(text('SELECT 1')).fetchall()\nengine.execute(text('DROP TABLE t'))\n")
    assert "with engine.connect() as conn:\n    rows = conn.execute(text('SELECT 1')).fetchall()\n" in result.output
    assert "with engine.begin() as conn:\n    conn.execute(text('DROP TABLE t'))\n" in result.output


def test_arguments_are_kept_for_execute_params():
    result = _run("engine.execute(t.insert(), name='x', id=1)\n", unsafe=True)
    assert "conn.execute(t.insert(), name='x', id=1)" in result.output


def test_scalar_with_parameters_becomes_execute_then_scalar():
    result = _run("n = engine.scalar(text('SELECT :x'), x=1)\n")
    assert "n = conn.execute(text('SELECT :x'), x=1).scalar()" in result.output


def test_unknown_statement_is_an_unsafe_fix():
    body = "def f(sql):\n    engine.execute(sql)\n"
    safe = _run(body)
    assert "engine.execute(sql)" in safe.output and "[fix available with --unsafe-fixes]" in safe.findings[0]
    unsafe = _run(body, unsafe=True)
    assert "with engine.begin() as conn:\n        conn.execute(sql)" in unsafe.output and unsafe.findings == []


def test_hidden_write_keeps_connect_and_is_reported():
    result = _run("engine.execute(text('CALL p()'))\n")
    assert "with engine.connect() as conn:" in result.output
    assert "contains CALL" in result.findings[0] and "rolls it back too" in result.findings[0]


def test_result_used_after_the_block_is_reported():
    result = _run("def f(x):\n    if x:\n        res = engine.execute(text('SELECT 1'))\n    return res.fetchall()\n")
    assert "engine.execute(" in result.output and "used after the block" in result.findings[0]


def test_rebinding_ends_the_range():
    result = _run(
        "def f():\n    r = engine.execute(text('SELECT 1'))\n    a = r.scalar()\n"
        "    r = engine.execute(text('SELECT 2'))\n    b = r.scalar()\n    return a, b\n"
    )
    assert result.output.count("with engine.connect() as conn:") == 2
    assert result.findings == []


def test_engine_from_the_project_index(tmp_path, monkeypatch):
    from sqla_upgrade.codemod import RunOptions
    from sqla_upgrade.codemods import BY_ID
    from sqla_upgrade.files import Target
    from sqla_upgrade.runner import Job, run_project

    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "db.py").write_text('from sqlalchemy import create_engine\n\nengine = create_engine("sqlite://")\n')
    jobs = app / "jobs.py"
    jobs.write_text("from app.db import engine\n\n\ndef purge():\n    engine.execute('DELETE FROM cache')\n")
    monkeypatch.chdir(tmp_path)
    targets = [Target(str(p), str(p)) for p in sorted(tmp_path.rglob("*.py"))]
    run_project(targets, Job((BY_ID[ID],), RunOptions(), write=True), jobs=1)
    assert jobs.read_text() == (
        "from app.db import engine\n\n\ndef purge():\n    with engine.begin() as conn:\n"
        "        conn.execute('DELETE FROM cache')\n"
    )


def test_a_name_is_followed_to_the_assignment_that_reaches_it():
    result = _run(
        "def f():\n    sql = 'DELETE FROM a'\n    engine.execute(sql)\n    sql = 'SELECT 1'\n"
        "    rows = engine.execute(sql).fetchall()\n    return rows\n"
    )
    assert "    with engine.begin() as conn:\n        conn.execute(sql)\n" in result.output
    assert "    with engine.connect() as conn:\n        rows = conn.execute(sql).fetchall()\n" in result.output
    assert result.findings == []


def test_a_name_rebound_later_in_a_loop_is_not_known():
    result = _run(
        "def f(items):\n    sql = 'DELETE FROM a'\n    for i in items:\n        engine.execute(sql)\n"
        "        sql = 'SELECT 1'\n"
    )
    assert "engine.execute(sql)" in result.output and "[fix available with --unsafe-fixes]" in result.findings[0]


def test_a_name_bound_in_a_branch_is_not_known():
    result = _run("def f(x):\n    sql = 'SELECT 1'\n    if x:\n        sql = 'DELETE FROM a'\n    engine.execute(sql)\n")
    assert "engine.execute(sql)" in result.output and "[fix available with --unsafe-fixes]" in result.findings[0]


def test_result_iterated_by_a_generator_expression_is_reported():
    result = _run("def f():\n    res = engine.execute(text('SELECT 1'))\n    return sum(r[0] for r in res)\n")
    assert "engine.execute(" in result.output and "nested function, lambda or generator" in result.findings[0]


def test_multiline_statement_keeps_its_shape():
    result = _run("def f():\n    rows = engine.execute(\n        text('SELECT 1'),\n    ).fetchall()\n    return rows\n")
    assert (
        "    with engine.connect() as conn:\n        rows = conn.execute(\n            text('SELECT 1'),\n"
        "        ).fetchall()\n    return rows\n"
    ) in result.output
