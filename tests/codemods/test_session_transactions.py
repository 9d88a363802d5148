import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "session-transactions"


@pytest.mark.parametrize("fixture", fixture_files("session_transactions"), ids=lambda p: p.stem)
def test_session_transactions_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from django.db import transaction\n\nwith transaction.atomic():\n    pass\n", id="django's transaction module"
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Job:\n    transaction = None\n\n\njob = Job()\nprint(job.transaction)\n",
            id="an unrelated .transaction attribute",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Session:\n    def __init__(self, autocommit=False):\n        pass\n\n\n"
            "s = Session(autocommit=True)\n",
            id="a user's own Session class with autocommit",
        ),
        pytest.param(
            "import psycopg2\nimport sqlalchemy as sa\n\nconn = psycopg2.connect('')\nconn.autocommit = True\n"
            "conn.begin()\n",
            id="a DB-API connection's autocommit and begin",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session\n\n\ndef f(session: Session):\n    session.transaction = None\n",
            id="an assignment to session.transaction is not a read",
        ),
    ],
)
def test_session_transactions_noop(source):
    assert_noop(source, [ID])


def test_second_helper_is_not_added():
    source = (
        "from sqlalchemy.orm import Session\n\n\ndef f(session: Session):\n"
        "    with session.begin(subtransactions=True):\n        pass\n"
        "    with session.begin(subtransactions=True):\n        pass\n"
    )
    result = migrate(source, [ID], unsafe=True)
    assert result.output.count("def _sqla_upgrade_subtransaction") == 1
    assert result.output.count("with _sqla_upgrade_subtransaction(session):") == 2
