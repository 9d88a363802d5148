"""query-strings: snapshot fixtures (models and queries in one module), no-op look-alikes, unit cases, and
multi-module packages run through the real project run (models in one module, queries in another, a
relationship target in a third)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.codemods import BY_ID
from sqla_upgrade.files import Target
from sqla_upgrade.runner import Job, run_project
from tests.migrate import FIXTURES, ROOT, assert_noop, check_fixture, fixture_files, migrate

ID = "query-strings"


@pytest.mark.parametrize("fixture", fixture_files("query_strings"), ids=lambda p: p.stem)
def test_query_strings_fix(fixture, snapshot, monkeypatch):
    # a real path: the module's own classes are in the index under its module name
    monkeypatch.chdir(ROOT)
    check_fixture(fixture, snapshot, ID, path=str(fixture.relative_to(ROOT)))


# -- a package: models in one module, queries in another, a relationship target in a third ---------------

PROJECT = FIXTURES / "query_strings_project"


def _run_package(root: Path, write: bool):
    targets = [Target(str(p), str(p)) for p in sorted(root.rglob("*.py"))]
    job = Job((BY_ID[ID],), RunOptions(), write=write)
    return run_project(targets, job, jobs=1)


@pytest.fixture
def package(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    monkeypatch.chdir(root)
    return root


def test_a_package_through_the_project_run(package):
    outcome = _run_package(package, write=True)
    queries = (package / "shop" / "queries.py").read_text()
    # hop by hop through targets in two other modules, each imported where it lives
    assert "selectinload(User.orders).selectinload(Order.items).selectinload(Item.supplier)" not in queries
    assert (
        "defaultload(User.orders).defaultload(Order.items).selectinload(Item.supplier), defer(User.created)"
        in queries
    ), queries
    assert "from shop.catalog import Item" in queries and "from shop.models import Order, User" in queries
    # the module's own spelling is kept for the entity and used for the classes a hop needs
    assert "options(joinedload(models.User.orders)).join(models.User.orders).join(models.Order.items)" in queries
    # a backref declared on the other class (configured by the Session's query())
    assert "session.query(models.Order).options(joinedload(models.Order.buyer))" in queries
    findings = [(Path(f.path).name, f.line, f.message) for r in outcome.results for f in r.findings]
    # shop.models imports shop.hooks: importing Order there would be a cycle
    assert [(name, line) for name, line, _ in findings] == [("hooks.py", 12)], findings
    assert "import cycle" in findings[0][2], findings
    assert "orders.items" in (package / "shop" / "hooks.py").read_text()
    again = _run_package(package, write=False)
    assert not any(r.changed for r in again.results), "a second run changes nothing"


# -- look-alikes: byte-identical, unreported ---------------------------------------------------------

_MODELS = (
    "from sqlalchemy import Column, ForeignKey, Integer, String\n"
    "from sqlalchemy.orm import Session, declarative_base, relationship\n\n"
    "Base = declarative_base()\n\n\n"
    "class User(Base):\n"
    "    __tablename__ = 'users'\n"
    "    id = Column(Integer, primary_key=True)\n"
    "    name = Column(String)\n"
    "    addresses = relationship('Address')\n\n\n"
    "class Address(Base):\n"
    "    __tablename__ = 'addresses'\n"
    "    id = Column(Integer, primary_key=True)\n"
    "    user_id = Column(ForeignKey('users.id'))\n\n\n"
)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import sqlalchemy as sa\n\n\ndef joinedload(name):\n    return name\n\n"
            "def f(session):\n    return session.query(User).options(joinedload('addresses'))\n",
            id="a user's own joinedload function",
        ),
        pytest.param(
            _MODELS + "import os\n\n\ndef f(session: Session, parts):\n"
            "    label = ', '.join(parts)\n    path = os.path.join('a', 'b')\n"
            "    both = ''.join(('x', 'y'))\n    return label, path, both\n",
            id="str.join and os.path.join with strings and tuples",
        ),
        pytest.param(
            _MODELS + "from sqlalchemy.orm import defer, joinedload, lazyload, raiseload, Load\n\n\n"
            "def f(session: Session):\n"
            "    return session.query(User).options(raiseload('*'), defer('*'), lazyload('*'), Load(User).lazyload('*'))\n",
            id="wildcards",
        ),
        pytest.param(
            _MODELS + "from sqlalchemy.orm import joinedload, undefer_group\n\n\n"
            "def f(session: Session):\n"
            "    q = session.query(User).options(joinedload(User.addresses), undefer_group('g'))\n"
            "    return q.join(User.addresses).join(Address, User.id == Address.user_id)\n",
            id="already class-bound options and joins, undefer_group",
        ),
        pytest.param(
            _MODELS + "def f(session: Session):\n    return session.query(User).join(Address, User.addresses)\n",
            id="a (target, onclause) pair is valid 2.0",
        ),
        pytest.param(
            _MODELS + "class Report:\n    def join(self, *parts):\n        return parts\n\n\n"
            "def f():\n    return Report().join('addresses', 'orders')\n",
            id="a user's own class with a join method",
        ),
        pytest.param(
            _MODELS + "from sqlalchemy import select\n\n\n"
            "def f():\n    return select(User).join(Address, User.addresses)\n",
            id="select().join with a target and onclause",
        ),
    ],
)
def test_query_strings_noop(source):
    assert_noop(source, [ID])


# -- edges ---------------------------------------------------------------------------------------------


def _fix(body: str, unsafe: bool = False):
    result = migrate(_MODELS + body, [ID], unsafe=unsafe)
    assert result.error is None
    return result.output[len(_MODELS):], result.findings


def test_a_query_with_several_entities_is_reported_for_options_and_joins_against_the_first():
    out, findings = _fix(
        "from sqlalchemy.orm import joinedload\n\n\ndef f(session: Session):\n"
        "    return session.query(User, Address).join('addresses').options(joinedload('addresses'))\n"
    )
    # 1.x joined from the first entity, and looked options up on the first mapper entity only when asked
    assert ".join(User.addresses).options(joinedload('addresses'))" in out
    assert len(findings) == 1 and "several entities" in findings[0]


def test_a_column_entity_gives_its_class_to_join():
    out, findings = _fix("def f(session: Session):\n    return session.query(User.name).join('addresses')\n")
    assert "session.query(User.name).join(User.addresses)" in out and findings == []


def test_strings_after_select_from_are_reported():
    out, findings = _fix("def f(session: Session):\n    return session.query(User).select_from(Address).join('user')\n")
    assert "join('user')" in out and len(findings) == 1


def test_contains_eager_paths_apply_to_every_hop_and_keywords_are_reported():
    out, findings = _fix(
        "from sqlalchemy.orm import contains_eager\n\n\ndef f(session: Session, a):\n"
        "    one = session.query(Address).options(contains_eager('user'))\n"
        "    two = session.query(User).options(contains_eager('addresses', alias=a))\n"
        "    return one, two\n"
    )
    assert "contains_eager(User.addresses, alias=a)" in out
    assert len(findings) == 1 and "'user'" in findings[0], "Address has no attribute user in these models"


def test_a_name_rebound_to_another_entity_is_not_fixed():
    out, findings = _fix(
        "from sqlalchemy.orm import joinedload\n\n\ndef f(session: Session, flag):\n"
        "    q = session.query(User)\n    if flag:\n        q = session.query(Address)\n"
        "    return q.options(joinedload('addresses'))\n"
    )
    assert "joinedload('addresses')" in out and len(findings) == 1


def test_an_unannotated_session_is_an_unsafe_fix():
    body = "def f(sess):\n    return sess.query(User).join('addresses')\n"
    out, findings = _fix(body)
    assert "join('addresses')" in out and "[fix available with --unsafe-fixes]" in findings[0]
    out, findings = _fix(body, unsafe=True)
    assert "sess.query(User).join(User.addresses)" in out and findings == []


def test_a_local_class_shadowing_the_entity_name_is_not_used():
    out, findings = _fix(
        "from sqlalchemy.orm import joinedload\n\n\ndef f(session: Session, User):\n"
        "    return session.query(User).options(joinedload('addresses'))\n"
    )
    assert "joinedload('addresses')" in out and len(findings) == 1


def test_join_with_a_non_relationship_pair_and_strings_is_left_alone():
    out, findings = _fix(
        "def f(session: Session, other):\n    return session.query(User).join(other, User.id == other.c.id)\n"
    )
    assert findings == [] and "join(other, User.id == other.c.id)" in out


_LEGACY = re.compile(
    r"""(\b(joinedload|subqueryload|selectinload|lazyload|raiseload|defaultload|defer|undefer|load_only|contains_eager)"""
    r"""\(\s*|\bwith_parent\([^()]*,\s*|\.(outer)?join\(\s*(\([^()]*,\s*)?)['"](?!\*['"])"""
)


@pytest.mark.parametrize("fixture", fixture_files("query_strings"), ids=lambda p: p.stem)
def test_no_string_is_left_unreported(fixture, monkeypatch):
    """Every string attribute name left in the output (bar `"*"`) has a finding on its line."""
    monkeypatch.chdir(ROOT)
    result = migrate(fixture.read_text(), [ID], unsafe=fixture.stem.endswith("_unsafe"), path=str(fixture.relative_to(ROOT)))
    reported = {int(f.split(":")[1]) for f in result.findings}
    left = [i for i, line in enumerate(result.output.splitlines(), 1) if _LEGACY.search(line) and "', '" not in line]
    assert set(left) <= reported, (left, result.findings)


def test_an_entity_changing_link_after_the_string_is_reported():
    # 1.x resolved strings at compile time, against what with_entities()/select_from() had set
    out, findings = _fix(
        "from sqlalchemy.orm import joinedload\n\n\ndef f(session: Session):\n"
        "    one = session.query(User).join('addresses').with_entities(Address.id)\n"
        "    two = session.query(User).options(joinedload('addresses')).with_entities(Address)\n"
        "    q = session.query(User).join('addresses')\n"
        "    return one, two, q.with_entities(User.id)\n"
    )
    assert out.count("'addresses'") == 3 and len(findings) == 3, findings
