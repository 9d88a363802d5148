"""Defects bench/real_tree.py found on whole real trees that belong to the codemods: regression tests once
fixed (a strict xfail while open, so the suite says so the moment one is fixed)."""

from __future__ import annotations

from tests.migrate import migrate

# Found on SQLAlchemy 1.3's test/dialect/postgresql/test_types.py:1519 (after a first run): select-legacy
# splatted `col + [..]` (a PostgreSQL ARRAY concatenation) into select(*t.c.intarr, 4, 5, 6). Fixed.
def test_a_2_0_select_of_an_array_concatenation_is_left_alone():
    src = "from sqlalchemy import select\n\nx = select(t.c.intarr + [4, 5, 6])\n"
    result = migrate(src, unsafe=False)
    assert result.error is None
    assert result.output == src

def test_the_legacy_form_of_it_becomes_that_2_0_select():
    src = "from sqlalchemy import select\n\nx = select([t.c.intarr + [4, 5, 6]])\n"
    expected = "from sqlalchemy import select\n\nx = select(t.c.intarr + [4, 5, 6])\n"
    from sqla_upgrade.cli import enabled_codemods
    from sqla_upgrade.codemod import RunOptions
    from sqla_upgrade.pipeline import process_bytes

    options = RunOptions()
    out = process_bytes("x.py", src.encode(), enabled_codemods(options), options)
    assert out.new_data == expected.encode()
