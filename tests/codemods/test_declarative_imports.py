import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "declarative-imports"


@pytest.mark.parametrize("fixture", fixture_files("declarative_imports"), ids=lambda p: p.stem)
def test_declarative_imports_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "def relation(a):\n    return a\n\n\ndef mapper(cls, table):\n    return (cls, table)\n\n\n"
            "x = relation('Child')\nm = mapper(1, 2)\n",
            id="a user's own relation() and mapper()",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Session:\n    @classmethod\n    def close_all(cls):\n        pass\n\n\n"
            "Session.close_all()\n",
            id="a user's own Session class with close_all()",
        ),
        pytest.param(
            "from concurrent import futures\nfrom myapp.future import select\n\nselect(1)\n",
            id="another package's future module",
        ),
        pytest.param(
            "from sqlalchemy.orm import relationship, joinedload, declarative_base\n\nBase = declarative_base()\n"
            "q = joinedload(Base.x)\nr = relationship('X')\n",
            id="already 2.0",
        ),
        pytest.param(
            "from sqlalchemy.ext.declarative import DeferredReflection, ConcreteBase\n",
            id="names that stay in ext.declarative",
        ),
        pytest.param(
            "from sqlalchemy.orm import relationship\n\n\nclass Model:\n    relation = 'x'\n\n\n"
            "def f(m):\n    return m.relation, dict(relation=1)\n",
            id="an attribute and a keyword named relation",
        ),
    ],
)
def test_declarative_imports_noop(source):
    assert_noop(source, [ID])


def test_alias_keeps_its_alias():
    result = migrate("from sqlalchemy.orm import relation as rel\n\nx = rel('A')\n", [ID])
    assert result.output == "from sqlalchemy.orm import relationship as rel\n\nx = rel('A')\n"


def test_duplicate_import_after_rename_is_dropped():
    result = migrate("from sqlalchemy.orm import relation, relationship\n\nx = relation('A')\n", [ID])
    assert result.output == "from sqlalchemy.orm import relationship\n\nx = relationship('A')\n"


def test_mapper_in_a_function_is_reported():
    result = migrate("from sqlalchemy.orm import mapper\n\n\ndef setup(A, t):\n    mapper(A, t)\n", [ID])
    assert "registry must be created once" in result.findings[0]


def test_rename_into_a_name_imported_from_elsewhere_is_reported():
    source = "from sqlalchemy.orm import relation\nfrom myapp.graph import edge as relationship\n\nx = relation('A')\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert "bound to something else" in result.findings[0]
