import pytest

from tests.migrate import assert_noop, check_fixture, fixture_files, migrate

ID = "row-access"

_ENGINE = "from sqlalchemy import create_engine, select\n\nengine = create_engine('sqlite://')\n"


@pytest.mark.parametrize("fixture", fixture_files("row_access"), ids=lambda p: p.stem)
def test_row_access_fix(fixture, snapshot):
    check_fixture(fixture, snapshot, ID)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            _ENGINE + "with engine.connect() as conn:\n    for row in conn.execute(select(t)):\n"
            "        print(row._mapping['name'], row._mapping.keys(), 'k' in row._mapping, dict(row._mapping))\n",
            id="already 2.0",
        ),
        pytest.param(
            _ENGINE + "with engine.connect() as conn:\n    row = conn.execute(select(t)).first()\n"
            "    print(row[0], row[-1], row[1:], row.name, row[0:2][0])\n",
            id="integer indexes, slices and attributes are valid 2.0",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\nrow = {'name': 1}\nprint(row['name'], row.keys(), dict(row), 'name' in row, row.items())\n",
            id="a dict named row",
        ),
        pytest.param(
            "import redis\nimport sqlalchemy as sa\n\nr = redis.Redis()\nkeys = r.keys()\nfor row in r.execute_command('x'):\n"
            "    print(row['a'])\n",
            id="redis keys() and its replies",
        ),
        pytest.param(
            "import sqlite3\nimport sqlalchemy as sa\n\ndb = sqlite3.connect('x.db')\ndb.row_factory = sqlite3.Row\n"
            "for row in db.execute('SELECT 1'):\n    print(row['a'], row.keys(), dict(row))\n"
            "cur = db.cursor()\nrow2 = cur.execute('SELECT 1').fetchone()\nprint(row2['a'], 'a' in row2)\n",
            id="a sqlite3 row",
        ),
        pytest.param(
            "import csv\nimport sqlalchemy as sa\n\nwith open('f.csv') as f:\n    for row in csv.DictReader(f):\n"
            "        print(row['name'], row.keys(), 'name' in row, dict(row))\n",
            id="csv.DictReader rows",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\nclass Record:\n    def keys(self):\n        return []\n\n"
            "    def has_key(self, k):\n        return False\n\n    def __getitem__(self, k):\n        return k\n\n"
            "rec = Record()\nprint(rec.keys(), rec.has_key('a'), rec['a'], dict(rec))\n",
            id="a user's class with keys() and has_key()",
        ),
        pytest.param(
            "from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import Session, declarative_base\n\n"
            "Base = declarative_base()\n\n\nclass A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n\n"
            "    def __getitem__(self, k):\n        return getattr(self, k)\n\n\n"
            "def f(session: Session):\n    a = session.query(A).first()\n    print(a['id'], 'id' in a)\n"
            "    for b in session.query(A).filter(A.id > 1):\n        print(b['id'])\n"
            "    c = session.query(A).all()[0]\n    print(c['id'])\n",
            id="a Query returning mapped objects",
        ),
        pytest.param(
            "from sqlalchemy import create_engine, select\n\nengine = create_engine('sqlite://')\n"
            "with engine.connect() as conn:\n    result = conn.execute(select(t))\n"
            "    print(result.keys(), 'name' in result.keys())\n",
            id="Result.keys() is 2.0",
        ),
        pytest.param(
            _ENGINE + "with engine.connect() as conn:\n    for row in conn.execute(select(t)).mappings():\n"
            "        print(row['name'], row.keys(), 'name' in row, dict(row))\n",
            id="mappings() rows are RowMappings",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\n\ndef f(rows):\n    for row in rows:\n        print(row['name'], row.keys())\n",
            id="rows passed in, unannotated",
        ),
        pytest.param(
            "import sqlalchemy as sa\n\nsql = 'execute first all fetchone'\nd = {}\nprint(d['k'])\n",
            id="source words in a string only",
        ),
    ],
)
def test_row_access_noop(source):
    assert_noop(source, [ID])


def test_a_proven_row_with_an_unknown_key_is_reported():
    source = _ENGINE + "def f(key):\n    with engine.connect() as conn:\n        row = conn.execute(select(t)).first()\n        return row[key]\n"
    result = migrate(source, [ID])
    assert result.output == source
    assert len(result.findings) == 1 and "row[key] on a Row" in result.findings[0]


def test_a_key_bound_to_a_column_is_a_column():
    source = _ENGINE + "col = t.c.name\nwith engine.connect() as conn:\n    row = conn.execute(select(t)).first()\n    print(row[col])\n"
    result = migrate(source.replace("engine = ", "from sqlalchemy import Table, MetaData, Column\nt = Table('t', MetaData(), Column('name'))\nengine = "), [ID])
    assert "row._mapping[col]" in result.output
    assert result.findings == []


def test_loop_index_from_range_is_an_integer():
    source = _ENGINE + "with engine.connect() as conn:\n    row = conn.execute(select(t)).first()\n    for i in range(2):\n        print(row[i])\n"
    assert_noop(source, [ID])


def test_contains_on_core_rows_is_an_unsafe_fix():
    source = _ENGINE + "with engine.connect() as conn:\n    row = conn.execute(select(t)).first()\n    ok = 'name' in row\n"
    safe = migrate(source, [ID])
    assert safe.output == source
    assert len(safe.findings) == 1 and "--unsafe-fixes" in safe.findings[0]
    unsafe = migrate(source, [ID], unsafe=True)
    assert "ok = 'name' in row._mapping\n" in unsafe.output and unsafe.findings == []


def test_contains_on_query_rows_is_unchanged():
    # Query rows were tuples testing their values in 1.3 (KeyedTuple) and 1.4 (Row) already.
    source = (
        "from sqlalchemy.orm import Session\n\n\ndef f(session: Session, t):\n"
        "    row = session.query(t.c.a, t.c.b).first()\n    return 'x' in row\n"
    )
    assert_noop(source, [ID])


def test_has_key_keeps_precedence():
    source = _ENGINE + "with engine.connect() as conn:\n    row = conn.execute(select(t)).first()\n    x = row.has_key(a or b) == 1\n    y = -row.has_key(k)\n"
    result = migrate(source, [ID])
    assert "x = ((a or b) in row._mapping) == 1\n" in result.output
    assert "y = -(k in row._mapping)\n" in result.output


def test_subscript_assignment_is_left_alone():
    source = _ENGINE + "with engine.connect() as conn:\n    row = conn.execute(select(t)).first()\n    row['x'] = 1\n    del row['y']\n"
    assert_noop(source, [ID])


def test_module_level_use_in_another_statement():
    # the use is a statement of its own, away from the execute(): detection must still visit it
    source = _ENGINE + "conn = engine.connect()\nrow = conn.execute(select(t)).first()\n\nprint(row['name'])\n"
    result = migrate(source, [ID])
    assert "print(row._mapping['name'])" in result.output


def test_a_key_from_the_rows_own_keys_is_a_string():
    source = "from sqlalchemy.engine import Row\n\n\ndef f(row: Row):\n    return {k: row[k] for k in row.keys()}\n"
    result = migrate(source, [ID])
    assert result.output == source.replace("row[k]", "row._mapping[k]").replace("row.keys()", "row._mapping.keys()")
    assert result.findings == []
