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


_SILENT_PROGRAM = (
    "import os\nimport sqlite3\n\nfrom sqlalchemy import Column, ForeignKey, Integer, create_engine\n"
    "from sqlalchemy.orm import Session, declarative_base, relationship\n\n"
    "if os.path.exists('app.db'):\n    os.remove('app.db')\nBase = declarative_base()\n\n\n"
    "class Parent(Base):\n    __tablename__ = 'p'\n    id = Column(Integer, primary_key=True)\n"
    "    kids = relationship('Kid', backref='parent')\n\n\n"
    "class Kid(Base):\n    __tablename__ = 'k'\n    id = Column(Integer, primary_key=True)\n"
    "    pid = Column(ForeignKey('p.id'))\n\n\n"
    "def adopt(session, parent):\n    kid = Kid()\n    kid.parent = parent\n    session.commit()\n\n\n"
    "engine = create_engine('sqlite:///app.db')\nBase.metadata.create_all(engine)\nsession = Session(engine)\n"
    "p = Parent()\nsession.add(p)\nsession.commit()\nadopt(session, p)\n"
    "print(sqlite3.connect('app.db').execute('select count(*) from k').fetchone())\n"
)


def _run(python: str, source: str, folder) -> str:
    import subprocess

    from tests.differential import clean_env

    folder.mkdir()
    (folder / "program.py").write_text(source, encoding="utf-8")
    proc = subprocess.run([python, "program.py"], cwd=folder, capture_output=True, text=True, timeout=120, env=clean_env())
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_following_the_backref_report_keeps_the_child(tmp_path):
    """The s9r1 change end to end: 1.4 saves the kid through the backref, 2.0 loses it silently; the
    finding names the line and the fix, and with `session.add(kid)` added there 2.0 saves it again."""
    import sys

    from tests.differential import ROOT, old_sqlalchemy_python

    py14 = old_sqlalchemy_python("1.4.54", "SQLA_UPGRADE_PY14", ROOT / ".cache" / "sqla14")
    assert _run(py14, _SILENT_PROGRAM, tmp_path / "on-1.4") == "(1,)\n"
    assert _run(sys.executable, _SILENT_PROGRAM, tmp_path / "on-2.0") == "(0,)\n"
    (finding,) = migrate(_SILENT_PROGRAM, [ID], path="program.py").findings
    line = int(finding.split(":")[1])
    assert "add `session.add(kid)`" in finding
    lines = _SILENT_PROGRAM.split("\n")
    lines.insert(line, "    session.add(kid)")
    followed = "\n".join(lines)
    assert _run(sys.executable, followed, tmp_path / "followed-on-2.0") == "(1,)\n"
    assert _run(py14, followed, tmp_path / "followed-on-1.4") == "(1,)\n"
