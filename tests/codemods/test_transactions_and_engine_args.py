import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "transactions-and-engine-args"

_HEAD = "from sqlalchemy import create_engine, text\n\nengine = create_engine('sqlite://')\n"


@pytest.mark.parametrize("fixture", fixture_files("transactions_and_engine_args"), ids=lambda p: p.stem)
def test_transactions_and_engine_args_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from sqlalchemy import create_engine, String, create_mock_engine\nfrom sqlalchemy.engine import URL\n\n"
            "e = create_engine('sqlite://', echo=True, pool_pre_ping=True)\ns = String(50)\nu = URL.create('sqlite')\n"
            "m = create_mock_engine('sqlite://', print)\n",
            id="already 2.0",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\ndef create_engine(url, **kw):\n    return url\n\n\nclass URL:\n    pass\n\n\n"
            "def String(n, convert_unicode=False):\n    return n\n\n"
            "e = create_engine('x', future=False, convert_unicode=True)\nu = URL()\ns = String(1, convert_unicode=True)\n",
            id="a user's own create_engine, URL and String",
        ),
        pytest.param(
            "import sqlalchemy as sa\nfrom urllib.parse import urlparse\nfrom yarl import URL\n\nu = URL('http://x')\n",
            id="another library's URL",
        ),
        pytest.param(
            "import sqlalchemy as sa\nimport sqlite3\n\ndb = sqlite3.connect('app.db')\ndb.execute('BEGIN')\n"
            "with db:\n    db.execute('SELECT 1')\n",
            id="sqlite3 connection",
        ),
        pytest.param(
            "from django.db import transaction\nimport sqlalchemy as sa\n\n\ndef f(tx):\n    tx.begin()\n    tx.begin()\n",
            id="begin() on what is not a Connection",
        ),
        pytest.param(
            _HEAD + "with engine.connect() as conn:\n    with conn.begin():\n        conn.execute(text('SELECT 1'))\n"
            "    with conn.begin():\n        pass\n    conn.execute(text('INSERT INTO t VALUES (1)'))\n    conn.commit()\n"
            "    with conn.begin():\n        with conn.begin_nested():\n            pass\n",
            id="2.0 transactions",
        ),
        pytest.param(
            _HEAD + "from sqlalchemy.orm import Session\n\n\ndef f(session: Session):\n    with session.begin():\n"
            "        with session.begin_nested():\n            pass\n",
            id="a Session's begin and begin_nested",
        ),
    ],
)
def test_transactions_and_engine_args_noop(source):
    assert_noop(source, [ID])


def test_a_marker_transaction_committed_before_the_next_begin_is_fine():
    source = _HEAD + "conn = engine.connect()\nt = conn.begin()\nt.commit()\nt = conn.begin()\nt.rollback()\nconn.close()\n"
    assert migrate(source, [ID]).findings == []


def test_nested_begin_in_a_loop_body_is_not_guessed():
    source = _HEAD + "with engine.connect() as conn:\n    for x in xs:\n        t = conn.begin()\n    conn.begin()\n"
    assert migrate(source, [ID]).findings == []


def test_begin_after_a_select_in_a_method():
    source = _HEAD + (
        "\n\nclass Repo:\n    def save(self):\n        with engine.connect() as conn:\n"
        "            conn.execute(text('SELECT 1'))\n            trans = conn.begin()\n            trans.commit()\n"
    )
    findings = migrate(source, [ID]).findings
    assert len(findings) == 1 and "2.0 autobegins a transaction" in findings[0]


def test_an_unknown_statement_makes_the_state_unknown():
    source = _HEAD + "with engine.connect() as conn:\n    conn.execute(stmt)\n    conn.begin()\n"
    assert migrate(source, [ID]).findings == []


def test_mock_engine_import_is_added():
    source = "from sqlalchemy import create_engine\n\ne = create_engine('sqlite://', strategy='mock', executor=print)\n"
    assert migrate(source, [ID]).output == (
        "from sqlalchemy import create_mock_engine, create_engine\n\ne = create_mock_engine('sqlite://', executor=print)\n"
    )


@pytest.mark.parametrize("encoding", ["utf8", "utf-8", "UTF8", "utf_8"])
def test_every_spelling_of_utf8_is_dropped(encoding):
    source = f"from sqlalchemy import create_engine\n\ne = create_engine('sqlite://', encoding='{encoding}')\n"
    assert migrate(source, [ID]).output == "from sqlalchemy import create_engine\n\ne = create_engine('sqlite://')\n"


def test_encoding_from_a_variable_is_reported():
    source = "from sqlalchemy import create_engine\n\ne = create_engine('sqlite://', encoding=ENC)\n"
    result = migrate(source, [ID])
    assert result.output == source and "encoding=" in result.findings[0]
