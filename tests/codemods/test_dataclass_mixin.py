import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.codemods import CODEMODS
from sqla_upgrade.files import Target
from sqla_upgrade.runner import Job, run_project
from tests.migrate import FIXTURES, assert_noop, check_fixture, fixture_files, migrate

ID = "dataclass-mixin"


@pytest.mark.parametrize("fixture", fixture_files("dataclass_mixin"), ids=lambda p: p.stem)
def test_dataclass_mixin_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


BASE = (
    "from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column\n\n\n"
    "class Base(MappedAsDataclass, DeclarativeBase):\n    pass\n\n\n"
)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import dataclasses\n\n\nclass Mixin:\n    x: int = 1\n\n\n@dataclasses.dataclass\nclass Point(Mixin):\n    y: int = 0\n",
            id="a plain dataclass with a mixin",
        ),
        pytest.param(
            "from pydantic import BaseModel\n\n\nclass Stamp:\n    at: int = 0\n\n\nclass User(Stamp, BaseModel):\n    name: str\n",
            id="a pydantic model with a mixin",
        ),
        pytest.param(
            BASE + "class Audit(MappedAsDataclass):\n    who: Mapped[str] = mapped_column(default='x')\n\n\n"
            "class Post(Audit, Base):\n    __tablename__ = 'post'\n    id: Mapped[int] = mapped_column(primary_key=True, init=False)\n",
            id="already a MappedAsDataclass mixin",
        ),
        pytest.param(
            BASE + "class Helper:\n    label: str = 'x'\n\n    def describe(self):\n        return 1\n\n\n"
            "class Post(Helper, Base):\n    __tablename__ = 'post'\n    id: Mapped[int] = mapped_column(primary_key=True, init=False)\n",
            id="a mixin with plain annotations and methods",
        ),
        pytest.param(
            "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\n"
            "class Audit:\n    who: Mapped[str] = mapped_column(default='x')\n\n\n"
            "class Post(Audit, Base):\n    __tablename__ = 'post'\n    id: Mapped[int] = mapped_column(primary_key=True)\n",
            id="a mixin of models that are not dataclasses",
        ),
        pytest.param(
            BASE + "class Abstract(Base):\n    __abstract__ = True\n    who: Mapped[str] = mapped_column(default='x')\n\n\n"
            "class Post(Abstract):\n    __tablename__ = 'post'\n    id: Mapped[int] = mapped_column(primary_key=True, init=False)\n",
            id="an abstract base under a MappedAsDataclass base",
        ),
        pytest.param(
            "from sqlalchemy.orm import Mapped, mapped_column\n\n\nclass Audit:\n    who: Mapped[str] = mapped_column(default='x')\n",
            id="a mixin no class uses",
        ),
    ],
)
def test_dataclass_mixin_noop(source):
    assert_noop(source, [ID])


DECORATED = (
    "from sqlalchemy.orm import Mapped, mapped_column, registry\n\nreg = registry()\n\n\n"
    "class Stamp:\n    at: Mapped[int] = mapped_column(default=0)\n\n\n"
    "@reg.mapped_as_dataclass\nclass Event(Stamp):\n    __tablename__ = 'event'\n"
    "    id: Mapped[int] = mapped_column(primary_key=True, init=False)\n"
)


def test_decorator_style_with_target_2_1_gets_unmapped_dataclass(tmp_path, sqla21_python):
    result = migrate(DECORATED, [ID], target="2.1")
    assert result.findings == []
    assert "from sqlalchemy.orm import unmapped_dataclass, Mapped" in result.output
    assert "@unmapped_dataclass\nclass Stamp:\n" in result.output
    check = "\nprint(Event(at=3))\n"
    for code, ok in ((DECORATED, False), (result.output, True)):
        script = tmp_path / "events.py"
        script.write_text(code + check)
        proc = subprocess.run([sqla21_python, str(script)], capture_output=True, text=True, timeout=120)
        assert (proc.returncode == 0) is ok, proc.stderr
        if ok:
            assert proc.stdout == "Event(at=3, id=None)\n"
        else:
            assert "dcmx" in proc.stderr


def test_decorator_style_with_target_2_0_is_reported():
    result = migrate(DECORATED, [ID])
    assert result.output == DECORATED
    assert len(result.findings) == 1 and "needs SQLAlchemy 2.1" in result.findings[0]


# -- a project: mixins in other modules and packages -----------------------------------------------------

PROJECT = FIXTURES / "declarative_project"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    monkeypatch.chdir(root)
    return root


def test_mixins_over_modules_and_packages(project):
    targets = [Target(str(p), str(p)) for p in sorted(project.rglob("*.py"))]
    job = Job(tuple(CODEMODS), RunOptions(select=(ID,)), write=True)
    outcome = run_project(targets, job, jobs=1)
    # a mixin of the same package, in another module: rewritten
    priced = (project / "shop" / "dataclass_mixins.py").read_text()
    assert "class Priced(MappedAsDataclass):" in priced
    assert "from sqlalchemy.orm import MappedAsDataclass, Mapped, mapped_column" in priced
    # a mixin of another package, and a mixin shared with a plain model: reported, left alone
    assert (project / "common" / "mixins.py").read_text() == (PROJECT / "common" / "mixins.py").read_text()
    findings = sorted(f.message for r in outcome.results for f in r.findings)
    assert len(findings) == 3
    assert "Described is also a base of Note" in findings[0]
    assert "Described is mapped as a dataclass by Leaflet of another package" in findings[1]
    assert "Stamped is mapped as a dataclass by Service of another package" in findings[2]
