import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "cascade-backrefs"


@pytest.mark.parametrize("fixture", fixture_files("cascade_backrefs"), ids=lambda p: p.stem)
def test_cascade_backrefs_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


_MODELS = (
    "from sqlalchemy import Column, ForeignKey, Integer\n"
    "from sqlalchemy.orm import declarative_base, relationship\n\nBase = declarative_base()\n\n\n"
    "class Parent(Base):\n    __tablename__ = 'p'\n    id = Column(Integer, primary_key=True)\n"
    "    kids = relationship('Kid', backref='parent')\n\n\n"
    "class Kid(Base):\n    __tablename__ = 'k'\n    id = Column(Integer, primary_key=True)\n"
    "    pid = Column(ForeignKey('p.id'))\n\n\n"
)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            _MODELS + "def f(session, p):\n    k = Kid()\n    k.parent = p\n    session.add(k)\n    session.commit()\n",
            id="the child is added",
        ),
        pytest.param(
            _MODELS + "def f(session, p):\n    k = Kid()\n    p.kids.append(k)\n    session.commit()\n",
            id="appended on the forward side (cascades in 2.0 too)",
        ),
        pytest.param(
            _MODELS + "def f(session, p):\n    k = Kid(parent=p)\n    register(k)\n    session.commit()\n",
            id="the child escapes to another function",
        ),
        pytest.param(
            _MODELS + "def f(session, p):\n    k = Kid(parent=None)\n    session.commit()\n", id="None assigned"
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\ndef relationship(x, cascade_backrefs=True):\n    return x\n\n\n"
            "r = relationship('X', cascade_backrefs=True)\n",
            id="a user's own relationship()",
        ),
    ],
)
def test_cascade_backrefs_noop(source):
    assert_noop(source, [ID])


def test_backref_assignment_without_add_is_reported():
    source = _MODELS + "def f(session, p):\n    k = Kid()\n    k.parent = p\n    session.commit()\n"
    findings = migrate(source, [ID]).findings
    assert len(findings) == 1 and "add `session.add(k)`" in findings[0]
