import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.codemods import CODEMODS
from sqla_upgrade.files import Target
from sqla_upgrade.runner import Job, run_project
from tests.migrate import FIXTURES, ROOT, assert_noop, check_fixture, fixture_files, migrate

ID = "allow-unmapped"


@pytest.mark.parametrize("fixture", fixture_files("allow_unmapped"), ids=lambda p: p.stem)
def test_allow_unmapped_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


MODEL = (
    "from typing import List, Optional\n\nfrom sqlalchemy import Column, Integer\n"
    "from sqlalchemy.orm import declarative_base, relationship\n\nBase = declarative_base()\n\n\n"
)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import dataclasses\nfrom typing import Optional\n\n\n@dataclasses.dataclass\nclass Point:\n"
            "    x: int\n    label: Optional[str] = None\n",
            id="a plain dataclass",
        ),
        pytest.param(
            "from typing import List, Optional\n\nfrom pydantic import BaseModel\n\n\nclass User(BaseModel):\n"
            "    name: str\n    note: Optional[str] = None\n    tags: List[str] = []\n",
            id="a pydantic model",
        ),
        pytest.param(
            "from typing import Optional\n\nimport sqlalchemy as sa\n\n\nclass Settings:\n    url: str\n"
            "    echo: Optional[bool] = None\n    engine: sa.engine.Engine\n",
            id="a non-SQLAlchemy class with annotations in a SQLAlchemy module",
        ),
        pytest.param(
            MODEL + "class A(Base):\n    __tablename__ = 'a'\n    __allow_unmapped__ = True\n"
            "    id = Column(Integer, primary_key=True)\n    note: Optional[str]\n",
            id="already has __allow_unmapped__",
        ),
        pytest.param(
            "from typing import List, Optional\n\nfrom sqlalchemy import ForeignKey\n"
            "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n\n\n"
            "class Base(DeclarativeBase):\n    pass\n\n\nclass A(Base):\n    __tablename__ = 'a'\n"
            "    id: Mapped[int] = mapped_column(primary_key=True)\n    kids: Mapped[List['B']] = relationship()\n\n\n"
            "class B(Base):\n    __tablename__ = 'b'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"
            "    a_id: Mapped[Optional[int]] = mapped_column(ForeignKey('a.id'))\n",
            id="2.0-style Mapped annotations",
        ),
        pytest.param(
            MODEL + "class Mixin:\n    note: Optional[str]\n    other: Optional[str] = None\n    flag: int = 5\n\n\n"
            "class A(Mixin, Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n",
            id="annotations with no value on a mixin pass",
        ),
        pytest.param(
            MODEL + "class A(Base):\n    __tablename__ = 'a'\n    id: int = Column(Integer, primary_key=True)\n"
            "    flag: int = 5\n\n    def go(self) -> None:\n        x: Optional[int] = None\n",
            id="a Column value and a plain value on a mapped class, a local annotation",
        ),
        pytest.param(
            "import dataclasses\nfrom typing import Optional\n\nfrom sqlalchemy import Column, Integer\n"
            "from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column, registry\n\n"
            "reg = registry()\n\n\nclass Base(MappedAsDataclass, DeclarativeBase):\n    pass\n\n\n"
            "class A(Base):\n    __tablename__ = 'a'\n    id: Mapped[int] = mapped_column(primary_key=True, init=False)\n"
            "    note: Optional[str] = None\n\n\n@reg.mapped\n@dataclasses.dataclass\nclass B:\n"
            "    __tablename__ = 'b'\n    __sa_dataclass_metadata_key__ = 'sa'\n"
            "    id: int = dataclasses.field(metadata={'sa': Column(Integer, primary_key=True)})\n"
            "    note: Optional[str] = None\n",
            id="dataclasses take plain annotations (MappedAsDataclass, @dataclass before mapping)",
        ),
        pytest.param(
            MODEL + "def build():\n    class Local(Base):\n        __tablename__ = 'l'\n"
            "        id = Column(Integer, primary_key=True)\n        note: Optional[str]\n    return Local\n",
            id="a class inside a function (the index knows module-level classes only)",
        ),
    ],
)
def test_allow_unmapped_noop(source):
    assert_noop(source, [ID])


def test_the_base_option_puts_it_once_on_the_base():
    source = (
        MODEL + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n"
        "    note: Optional[str]\n\n\nclass B(Base):\n    __tablename__ = 'b'\n    id = Column(Integer, primary_key=True)\n"
        "    kids: List['A'] = relationship('A')\n"
    )
    result = migrate(source, [ID], allow_unmapped_on="base")
    assert result.output == source.replace(
        "Base = declarative_base()\n", "Base = declarative_base()\nBase.__allow_unmapped__ = True\n"
    )
    assert result.findings == []


def test_the_base_option_on_a_declarative_base_class():
    source = (
        "from typing import Optional\n\nfrom sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import DeclarativeBase\n\n\n"
        'class Base(DeclarativeBase):\n    """The base."""\n\n\n'
        "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    note: Optional[str]\n"
    )
    result = migrate(source, [ID], allow_unmapped_on="base")
    assert 'class Base(DeclarativeBase):\n    """The base."""\n    __allow_unmapped__ = True\n\n\nclass A(Base):' in result.output
    assert result.output.count("__allow_unmapped__") == 1


def test_the_base_option_leaves_a_base_whose_classes_need_more_than_the_flag():
    # the flag on the base would also reach `parent`, which 2.0 would then read as a scalar
    source = (
        MODEL + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    note: Optional[str]\n\n\n"
        "class B(Base):\n    __tablename__ = 'b'\n    id = Column(Integer, primary_key=True)\n"
        "    parent: 'A' = relationship('A')\n"
    )
    result = migrate(source, [ID], allow_unmapped_on="base")
    assert "Base.__allow_unmapped__" not in result.output
    assert "class A(Base):\n    __allow_unmapped__ = True\n" in result.output
    assert len(result.findings) == 1 and "`parent` is a relationship" in result.findings[0]


def test_the_base_option_from_the_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.sqla-upgrade]\nallow-unmapped-on = "base"\n')
    models = tmp_path / "models.py"
    models.write_text(MODEL + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    note: Optional[str]\n")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "sqla_upgrade", "run", "--select", ID, "models.py"]
    subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    assert "Base.__allow_unmapped__ = True\n" in models.read_text()
    # the command line overrides the configuration
    models.write_text(MODEL + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    note: Optional[str]\n")
    subprocess.run(cmd + ["--allow-unmapped-on", "class"], cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    assert "    __allow_unmapped__ = True\n" in models.read_text() and "Base.__allow" not in models.read_text()


def test_an_invalid_configuration_value_is_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.sqla-upgrade]\nallow-unmapped-on = "everywhere"\n')
    (tmp_path / "m.py").write_text("x = 1\n")
    proc = subprocess.run(
        [sys.executable, "-m", "sqla_upgrade", "run", "m.py"], cwd=tmp_path, capture_output=True, text=True,
        timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 2 and 'allow-unmapped-on must be "class" or "base"' in proc.stderr


def test_a_one_line_class_body_is_reported():
    source = MODEL + "class A(Base): note: Optional[str]\n"
    result = migrate(source, [ID])
    assert result.output == source and "its body is on one line" in result.findings[0]


def test_a_mapped_column_with_a_plain_annotation_is_reported():
    source = (
        "from sqlalchemy.orm import DeclarativeBase, mapped_column\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\n"
        "class A(Base):\n    __tablename__ = 'a'\n    id: int = mapped_column(primary_key=True)\n"
    )
    result = migrate(source, [ID], unsafe=True)
    assert result.output == source and "annotated `mapped_column()`" in result.findings[0]


# -- a project: the hierarchy over several modules and packages -----------------------------------------

PROJECT = FIXTURES / "declarative_project"


def _run(root: Path, allow_unmapped_on: str = "class"):
    targets = [Target(str(p), str(p)) for p in sorted(root.rglob("*.py"))]
    job = Job(tuple(CODEMODS), RunOptions(select=(ID,), allow_unmapped_on=allow_unmapped_on), write=True)
    return run_project(targets, job, jobs=1)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    monkeypatch.chdir(root)
    return root


def test_a_hierarchy_over_modules(project):
    outcome = _run(project)
    assert not [r for r in outcome.results if r.error]
    orders = (project / "shop" / "orders.py").read_text()
    # the mapped class in a module that imports nothing from SQLAlchemy, its Base from another module
    assert "class Order(Audited, Base):\n    __allow_unmapped__ = True\n" in orders
    assert "class Plain:\n" in orders and orders.count("__allow_unmapped__") == 1
    # the mixin of another module, used by that class
    mixins = (project / "shop" / "mixins.py").read_text()
    assert "created_by: Mapped[Optional[str]] = Column(String(20))" in mixins
    assert "from sqlalchemy.orm import Mapped\n" in mixins
    assert "comment: Optional[str] = None" in mixins
    assert (project / "shop" / "db.py").read_text() == (PROJECT / "shop" / "db.py").read_text()
    # a second run changes nothing
    again = _run(project)
    assert not any(r.changed for r in again.results)


def test_a_hierarchy_over_modules_with_the_base_option(project):
    _run(project, allow_unmapped_on="base")
    assert "Base = declarative_base()\nBase.__allow_unmapped__ = True\n" in (project / "shop" / "db.py").read_text()
    assert "__allow_unmapped__" not in (project / "shop" / "orders.py").read_text()
    again = _run(project, allow_unmapped_on="base")
    assert not any(r.changed for r in again.results)


def test_the_fixed_fixtures_map_on_sqlalchemy_2(tmp_path):
    # every safe rewrite of the snapshots is one 2.0 accepts: the fixed mixins and classes map
    source = (FIXTURES / "allow_unmapped" / "mixins.py").read_text()
    fixed = migrate(source, [ID], unsafe=True).output
    script = tmp_path / "models.py"
    script.write_text(fixed + "\nfrom sqlalchemy.orm import configure_mappers\nconfigure_mappers()\nprint('mapped')\n")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    original = tmp_path / "original.py"
    original.write_text(source + "\nfrom sqlalchemy.orm import configure_mappers\nconfigure_mappers()\n")
    assert "zlpr" in subprocess.run([sys.executable, str(original)], capture_output=True, text=True, timeout=120).stderr
