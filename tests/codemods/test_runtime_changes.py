import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "runtime-changes"


@pytest.mark.parametrize("fixture", fixture_files("runtime_changes"), ids=lambda p: p.stem)
def test_runtime_changes_fix(fixture, snapshot):
    # fixtures named target21* show the 2.1 rows (--target 2.1)
    check_fixture(fixture, snapshot, ID, target="2.1" if fixture.stem.startswith("target21") else "2.0")


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from sqlalchemy import Sequence\n\ns = Sequence('s', start=1)\nt = Sequence('t', 5)\nu = Sequence(*args)\n",
            id="a Sequence with its start",
        ),
        pytest.param(
            "class Sequence:\n    def __init__(self, name):\n        pass\n\n\ns = Sequence('s')\n",
            id="a user's own Sequence class",
        ),
        pytest.param(
            "import enum\n\nfrom sqlalchemy import Enum\n\n\nclass E(enum.Enum):\n    a = 1\n    b = 2\n\n\nt = Enum(E)\n",
            id="an Enum without aliases",
        ),
        pytest.param(
            "from sqlalchemy import Enum\n\nfrom app.enums import E\n\nt = Enum(E)\n",
            id="an Enum class this module cannot see",
        ),
        pytest.param(
            "import re\n\nimport sqlalchemy as sa\n\nm = re.match('a', 'b')\nn = pattern.match(text)\n",
            id="re.match and a pattern's match",
        ),
        pytest.param(
            "from sqlalchemy import Column, Integer, MetaData, String, Table, select\n\n"
            "t = Table('t', MetaData(), Column('body', String))\nq = select(t).where(t.c.body.match('x'))\n",
            id="match() in a module with no PostgreSQL",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Variant:\n    pass\n\n\nok = isinstance(x, Variant)\n",
            id="a user's own Variant",
        ),
        pytest.param(
            "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import declarative_mixin, noload\n\n"
            "engine = create_engine('postgresql://u@h/db')\n\n\n@declarative_mixin\nclass M:\n    pass\n\n"
            "opt = noload(A.b)\n",
            id="2.1 rows are left alone for a 2.0 target",
        ),
    ],
)
def test_runtime_changes_noop(source):
    assert_noop(source, [ID])


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import sqlalchemy as sa\n\nurl = 'postgresql+psycopg2://u@h/db'\nother = 'oracle+oracledb://x'\n", id="URLs naming their driver"),
        pytest.param("import psycopg2\nimport sqlalchemy as sa\n\nq = sa.select(t).distinct()\n", id="distinct() without columns"),
        pytest.param("from sqlalchemy.orm import Session\n\n\ndef f(s: Session):\n    s.flush()\n", id="flush() without objects"),
        pytest.param("import sqlalchemy as sa\n\nclass Cache:\n    def flush(self, items):\n        pass\n\nCache().flush([1])\n", id="a user's flush(items)"),
        pytest.param("import sqlalchemy as sa\n\ne = sa.create_engine('sqlite:///file:app.db?mode=ro&uri=true')\n", id="a SQLite URI with uri=true"),
    ],
)
def test_runtime_changes_noop_on_21(source):
    result = migrate(source, [ID], target="2.1")
    assert result.output == source
    assert result.findings == []


def test_declarative_mixin_import_is_kept_while_used():
    source = (
        "from sqlalchemy.orm import declarative_mixin\n\n\n@declarative_mixin\nclass A:\n    pass\n\n"
        "decorate = declarative_mixin\n"
    )
    result = migrate(source, [ID], target="2.1")
    assert result.output == source.replace("@declarative_mixin\n", "")


def test_sequence_in_a_multiline_call_keeps_the_layout():
    source = "import sqlalchemy as sa\n\ns = sa.Sequence(\n    'user_id_seq',\n    metadata=md\n)\n"
    result = migrate(source, [ID])
    assert result.output == "import sqlalchemy as sa\n\ns = sa.Sequence(\n    'user_id_seq',\n    metadata=md,\n    start=1\n)\n"


def test_findings_name_their_catalogue_row():
    source = "from sqlalchemy.types import Variant\n\nok = isinstance(t, Variant)\n"
    result = migrate(source, [ID])
    assert len(result.findings) == 1 and "(catalogue: with-variant-copy)" in result.findings[0]


def test_enum_aliases_of_an_int_enum():
    source = (
        "import enum\n\nimport sqlalchemy as sa\n\n\nclass Level(enum.IntEnum):\n    low = 1\n    minor = 1\n\n\n"
        "c = sa.Column(sa.Enum(Level, name='level'))\n"
    )
    result = migrate(source, [ID])
    assert "sa.Enum(Level, name='level', omit_aliases=False)" in result.output


def test_a_finding_on_what_an_earlier_codemod_wrote_is_made_once():
    # select-legacy writes `.distinct(users.c.name)`; without detection runtime-changes was planned for a
    # later stage and also pulled into an earlier one, and reported twice
    from sqla_upgrade.cli import enabled_codemods
    from sqla_upgrade.codemod import RunOptions
    from sqla_upgrade.pipeline import process_bytes

    source = b"from sqlalchemy import select\nx = select([users.c.name, users.c.age], distinct=[users.c.name])\n"
    options = RunOptions(target="2.1")
    for detect in (True, False):
        result = process_bytes("a.py", source, enabled_codemods(options), options, detect=detect)
        assert [f.rule_id for f in result.findings] == ["runtime-changes"]
