import subprocess
import sys

import pytest

from tests.differential import clean_env
from tests.migrate import FIXTURES, SNAPSHOTS, assert_noop, check_fixture, fixture_files

ID = "alembic-get-bind"


@pytest.mark.parametrize("fixture", fixture_files("alembic_get_bind"), ids=lambda p: p.stem)
def test_alembic_get_bind_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID, path=f"migrations/versions/{fixture.name}")


MIGRATION = "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n"


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(MIGRATION + '    op.get_bind().exec_driver_sql("DELETE FROM t")\n', id="already 2.0"),
        pytest.param(MIGRATION + '    op.get_bind().execute(sa.text("DELETE FROM t"))\n', id="text() statement"),
        pytest.param(MIGRATION + '    op.execute("DELETE FROM t")\n', id="op.execute still takes strings"),
        pytest.param(MIGRATION + "    op.get_bind().execute(stmt)\n", id="statement of unknown type"),
        pytest.param(
            MIGRATION + '    conn = op.get_bind()\n    conn = other\n    conn.execute("DELETE FROM t")\n',
            id="name rebound to something else",
        ),
        pytest.param(
            "import sqlite3\n\ncur = sqlite3.connect(':memory:').cursor()\ncur.execute('SELECT 1')\n",
            id="DB-API cursor",
        ),
        pytest.param(
            "def get_bind():\n    pass\n\n\nget_bind().execute('SELECT 1')\n", id="a get_bind that is not alembic's"
        ),
        pytest.param(MIGRATION + '    op.get_bind().execute(b"DELETE FROM t")\n', id="bytes are not SQL text"),
    ],
)
def test_alembic_get_bind_noop(source):
    assert_noop(source, [ID])


# Runs a migration's upgrade() and downgrade() against SQLite with a stand-in `alembic.op` whose
# get_bind() is the connection (the 1.4 interpreter has no alembic), and prints the tables afterwards.
RUNNER = """
import json, sys
import sqlalchemy as sa
import alembic.op as op

engine = sa.create_engine("sqlite://")
with engine.connect() as conn:
    for ddl in [
        "CREATE TABLE book (id INTEGER PRIMARY KEY, isbn VARCHAR, price INTEGER, note VARCHAR)",
        "CREATE TABLE author (id INTEGER PRIMARY KEY)",
        "CREATE TABLE tag (name VARCHAR)",
        "INSERT INTO book VALUES (1, NULL, NULL, NULL)",
        "INSERT INTO book VALUES (2, 'x', 20, NULL)",
        "INSERT INTO book VALUES (-1, 'y', 1, NULL)",
        "INSERT INTO author VALUES (-5)",
    ]:
        conn.execute(sa.text(ddl))
    op.CONN = conn
    namespace = {}
    exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), namespace)
    dump = lambda: [[list(r) for r in conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY 1"))] for t in ("book", "author", "tag")]
    namespace["upgrade"]()
    after_upgrade = dump()
    namespace["downgrade"]()
    print(json.dumps([after_upgrade, dump()]))
"""

STUB_OP = """
CONN = None


def get_bind():
    return CONN


def execute(sql):
    import sqlalchemy

    CONN.execute(sqlalchemy.text(sql))
"""


def test_before_on_14_and_after_on_20_do_the_same(tmp_path, sqla14_python):
    (tmp_path / "alembic").mkdir()
    (tmp_path / "alembic" / "__init__.py").write_text("")
    (tmp_path / "alembic" / "op.py").write_text(STUB_OP)
    (tmp_path / "run.py").write_text(RUNNER)
    before = FIXTURES / "alembic_get_bind" / "string_sql.py"
    after = SNAPSHOTS / "alembic_get_bind" / "string_sql.py"

    def run(python, script):
        env = clean_env()
        env["PYTHONPATH"] = str(tmp_path)
        return subprocess.run([python, str(tmp_path / "run.py"), str(script)], capture_output=True, text=True, env=env)

    old = run(sqla14_python, before)
    new = run(sys.executable, after)
    assert old.returncode == 0 and new.returncode == 0, old.stderr + new.stderr
    assert old.stdout == new.stdout
    assert '"x"' in new.stdout  # the parameterised UPDATE ran
    # The unmigrated script fails on 2.0.
    assert "ObjectNotExecutableError" in run(sys.executable, before).stderr
