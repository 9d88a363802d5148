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


_TABLES = (
    "from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table\n"
    "from sqlalchemy.orm import mapper\n\n"
    "md = MetaData()\n"
    "animals = Table('animals', md, Column('id', Integer, primary_key=True), Column('kind', String))\n"
    "dogs = Table('dogs', md, Column('id', ForeignKey('animals.id'), primary_key=True))\n"
)


def test_a_subclass_mapped_with_its_base_in_one_module_shares_the_registry():
    source = _TABLES + (
        "\n\nclass Animal(object):\n    pass\n\n\nclass Dog(Animal):\n    pass\n\n\n"
        "mapper(Animal, animals, polymorphic_on=animals.c.kind, polymorphic_identity='animal')\n"
        "mapper(Dog, dogs, inherits=Animal, polymorphic_identity='dog')\n"
    )
    result = migrate(source, [ID])
    assert result.findings == []
    assert result.output.count("mapper_registry.map_imperatively(") == 2


@pytest.mark.parametrize(
    "classes, call, why",
    [
        pytest.param(
            "from zoo.models import Animal\n\n\nclass Dog(object):\n    pass\n",
            "mapper(Dog, dogs, inherits=Animal, polymorphic_identity='dog')",
            "inherits= names a class this module does not map",
            id="inherits= a class mapped elsewhere",
        ),
        pytest.param(
            "from zoo.models import Animal\n\n\nclass Dog(Animal):\n    pass\n",
            "mapper(Dog, dogs, polymorphic_identity='dog')",
            "its base zoo.models.Animal is not a class the project index knows",
            id="a base the index does not know (1.x inherited its mapping by itself)",
        ),
    ],
)
def test_a_mapping_that_may_inherit_another_modules_is_reported(classes, call, why):
    # Two registries break inheritance at the first instance on 2.0 ('NoneType' object has no attribute 'set').
    source = _TABLES + classes + "\n\n" + call + "\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert len(result.findings) == 1 and why in result.findings[0], result.findings


def test_a_subclass_of_a_class_mapped_in_another_module_is_reported(tmp_path):
    from sqla_upgrade.codemod import RunOptions
    from sqla_upgrade.files import discover
    from sqla_upgrade.runner import Job, run_project

    package = tmp_path / "zoo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "animals.py").write_text(
        _TABLES + "\n\nclass Animal(object):\n    pass\n\n\n"
        "mapper(Animal, animals, polymorphic_on=animals.c.kind, polymorphic_identity='animal')\n"
    )
    dogs = _TABLES.replace("md = MetaData()\n", "from zoo.animals import Animal, md\n").replace(
        "animals = Table('animals', md, Column('id', Integer, primary_key=True), Column('kind', String))\n", ""
    ) + "\n\nclass Dog(Animal):\n    pass\n\n\nmapper(Dog, dogs, polymorphic_identity='dog')\n"
    (package / "dogs.py").write_text(dogs)
    options = RunOptions(select=(ID,))
    from sqla_upgrade.project import enabled_codemods

    targets, _ = discover([str(package)], ())
    outcome = run_project(targets, Job(codemods=enabled_codemods(options), options=options, write=False), 1)
    by_path = {r.display.rsplit("/", 1)[-1]: r for r in outcome.results}
    assert by_path["animals.py"].changed
    assert not by_path["dogs.py"].changed
    assert any("zoo.animals.Animal is mapped in another module" in f.message for f in by_path["dogs.py"].findings)
