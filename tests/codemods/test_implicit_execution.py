import ast

import pytest

from sqla_upgrade.index import implicit_call_in
from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "implicit-execution"


@pytest.mark.parametrize("fixture", fixture_files("implicit_execution"), ids=lambda p: p.stem)
def test_implicit_execution_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


_BOUND = (
    "from sqlalchemy import Column, Integer, MetaData, Table, create_engine, select\n\n"
    "engine = create_engine('sqlite://')\nmetadata = MetaData(bind=engine)\n"
    "users = Table('users', metadata, Column('id', Integer, primary_key=True))\n"
)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import sqlite3\nimport sqlalchemy as sa\n\ncur = sqlite3.connect(':memory:').cursor()\ncur.execute('SELECT 1')\n"
            "n = cur.execute('SELECT 1').fetchone()\n",
            id="a sqlite3 cursor",
        ),
        pytest.param(
            "import subprocess\nimport sqlalchemy as sa\n\n\nclass Command:\n    def execute(self):\n        return subprocess.run(['ls'])\n\n\n"
            "Command().execute()\n",
            id="a subprocess wrapper's own execute()",
        ),
        pytest.param(
            "from celery import shared_task\nimport sqlalchemy as sa\n\n\n@shared_task\ndef task():\n    pass\n\n\n"
            "task.delay()\nresult = task.apply_async().get()\n",
            id="a celery task",
        ),
        pytest.param(
            _BOUND + "\n\ndef f(conn):\n    conn.execute(users.insert(), {'id': 1})\n    n = conn.execute(select(users.c.id)).scalar()\n",
            id="already on a connection",
        ),
        pytest.param(
            _BOUND + "\n\ndef f(session):\n    n = session.query(users).scalar()\n    m = session.execute(select(users.c.id)).scalar()\n",
            id="Query.scalar() and a Result's scalar()",
        ),
        pytest.param("s = 'users.insert().execute(x=1)'\n", id="inside a string"),
    ],
)
def test_implicit_execution_noop(source):
    assert_noop(source, [ID])


def test_each_statement_gets_its_own_block():
    result = migrate(_BOUND + "users.insert().execute(id=1)\nusers.insert().execute(id=2)\n", [ID])
    assert result.output.count("with engine.begin() as conn:") == 2


def test_conn_is_a_name_the_module_does_not_use():
    result = migrate(_BOUND + "conn = 1\nusers.insert().execute(id=conn)\n", [ID])
    assert "with engine.begin() as connection:" in result.output
    assert 'connection.execute(users.insert(), {"id": conn})' in result.output


def test_a_result_used_after_the_block_is_reported():
    source = _BOUND + "\n\ndef f():\n    res = users.select().execute()\n    if res:\n        pass\n    return res.fetchall()\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert any("escapes" in f for f in result.findings)


def test_a_write_with_later_statements_is_not_wrapped_with_them():
    # 1.x committed the insert at once: an error in the statements after it must not undo it
    source = _BOUND + "\n\ndef f():\n    res = users.insert().execute(id=1)\n    print(res.rowcount)\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert any("inside the transaction" in f for f in result.findings)


@pytest.mark.parametrize(
    "statement, shaped",
    [
        ("stmt.execute()", True),
        ("n = stmt.scalar()", True),
        ("n = stmt.execute().scalar()", True),
        ("n = stmt.execute().rowcount", True),
        ("return stmt.execute().fetchall()", True),
        ("for r in users.select().execute():\n    pass", True),
        ("for r in users.insert().execute():\n    pass", False),
        ("res = stmt.execute()", False),
        ("return stmt.execute()", False),
        ("f(stmt.execute())", False),
    ],
)
def test_the_index_and_the_codemod_agree_on_shapes(statement, shaped):
    # bound-metadata drops a bind only when the index says each implicit execution has a shape this
    # codemod rewrites: every shape the index accepts must be one the codemod accepts too
    import libcst as cst

    from sqla_upgrade.codemods.implicit_execution import implicit_call_of

    source = "def g():\n" + "".join("    " + line + "\n" for line in statement.splitlines())
    stmt = ast.parse(source).body[0].body[0]
    node = cst.parse_module(source).body[0].body.body[0]
    small = node if isinstance(node, cst.For) else node.body[0]
    assert (implicit_call_in(stmt) is not None) == shaped
    if shaped:
        assert implicit_call_of(small) is not None
