"""End to end with real Alembic and SQLite: a project whose second revision fails with SQLite's
"No support for ALTER of constraints", then `sqla-upgrade run` on the project, then it migrates up and down,
and autogenerate writes batch operations from then on.

Alembic runs as `python -m alembic` in a project made by `alembic init` (its own generic env.py), with the
revisions and models of tests/fixtures/alembic_project/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import sqlalchemy as sa

from tests.migrate import FIXTURES

FIXTURE = FIXTURES / "alembic_project"
NOT_IMPLEMENTED = (
    "NotImplementedError: No support for ALTER of constraints in SQLite dialect. Please refer to the batch "
    "mode feature which allows for SQLite migrations using a copy-and-move strategy."
)


def _run(cwd: Path, *args: str, expect: int = 0) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == expect, f"{args} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def alembic(cwd: Path, *args: str, expect: int = 0) -> subprocess.CompletedProcess:
    return _run(cwd, "-m", "alembic", *args, expect=expect)


def make_project(root: Path) -> None:
    alembic(root, "init", "migrations")
    ini = root / "alembic.ini"
    text = ini.read_text()
    text, n = re.subn(r"(?m)^sqlalchemy\.url = .*$", "sqlalchemy.url = sqlite:///%(here)s/app.db", text)
    assert n == 1
    ini.write_text(text)
    env = root / "migrations" / "env.py"
    text = env.read_text()
    assert text.count("target_metadata = None\n") == 1
    env.write_text(text.replace("target_metadata = None\n", "from models import metadata as target_metadata\n"))
    shutil.copy(FIXTURE / "models.py", root / "models.py")
    for script in (FIXTURE / "versions").glob("*.py"):
        shutil.copy(script, root / "migrations" / "versions" / script.name)


def current(root: Path) -> str:
    return alembic(root, "current").stdout.strip()


def unique_constraints(root: Path) -> List[tuple]:
    engine = sa.create_engine(f"sqlite:///{root / 'app.db'}")
    try:
        inspector = sa.inspect(engine)
        if not inspector.has_table("book"):
            return []
        return sorted((uc["name"], tuple(uc["column_names"])) for uc in inspector.get_unique_constraints("book"))
    finally:
        engine.dispose()


def book_rows(root: Path) -> List[tuple]:
    engine = sa.create_engine(f"sqlite:///{root / 'app.db'}")
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql("SELECT id, isbn FROM book ORDER BY id")]
    finally:
        engine.dispose()


def test_sqlite_project_migrates_after_sqla_upgrade(tmp_path: Path):
    make_project(tmp_path)
    versions = tmp_path / "migrations" / "versions"
    mako = tmp_path / "migrations" / "script.py.mako"
    mako_before = mako.read_bytes()

    # 1. Revision 0002 fails. Alembic treats SQLite DDL as non-transactional: 0001 stays applied, and 0002
    #    failed at its first operation, so nothing of it was applied (its version row was not written).
    failed = alembic(tmp_path, "upgrade", "head", expect=1)
    assert NOT_IMPLEMENTED in failed.stderr
    assert "Will assume non-transactional DDL" in failed.stderr
    assert current(tmp_path) == "0001"
    assert unique_constraints(tmp_path) == []

    # 2. The tool: env.py gets render_as_batch=True (alembic.ini names a sqlite URL), 0002 gets batch blocks.
    run = _run(tmp_path, "-m", "sqla_upgrade", "run", ".", expect=1)
    assert "2 changed, 0 findings" in run.stderr, run.stderr
    env = (tmp_path / "migrations" / "env.py").read_text()
    assert env.count("render_as_batch=True") == 2
    script = (versions / "0002_book_isbn_unique.py").read_text()
    assert script.count('with op.batch_alter_table("book", schema=None) as batch_op:') == 2
    assert 'batch_op.create_unique_constraint("uq_book_isbn", ["isbn"])' in script
    assert (versions / "0001_create_book.py").read_bytes() == (FIXTURE / "versions" / "0001_create_book.py").read_bytes()
    assert mako.read_bytes() == mako_before  # the template is not a .py file: never touched
    # A second run changes nothing.
    again = _run(tmp_path, "-m", "sqla_upgrade", "run", ".", expect=0)
    assert "0 changed, 0 findings" in again.stderr, again.stderr

    # 3. What the user does next: run the upgrade again. Then down to base and up again.
    alembic(tmp_path, "upgrade", "head")
    assert current(tmp_path) == "0002 (head)"
    assert unique_constraints(tmp_path) == [("uq_book_isbn", ("isbn",))]
    assert [r[0] for r in book_rows(tmp_path)] == [1, 2]  # the rows survived the table copy
    alembic(tmp_path, "downgrade", "base")
    assert current(tmp_path) == ""
    alembic(tmp_path, "upgrade", "head")
    assert unique_constraints(tmp_path) == [("uq_book_isbn", ("isbn",))]
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    try:
        isbn = next(c for c in sa.inspect(engine).get_columns("book") if c["name"] == "isbn")
    finally:
        engine.dispose()
    assert isbn["nullable"] is False

    # 4. Autogenerate now writes batch operations (models.py adds uq_book_title).
    alembic(tmp_path, "revision", "--autogenerate", "-m", "title unique")
    (generated,) = [p for p in versions.glob("*.py") if not p.name.startswith(("0001", "0002"))]
    text = generated.read_text()
    assert "with op.batch_alter_table('book', schema=None) as batch_op:" in text
    assert "batch_op.create_unique_constraint('uq_book_title', ['title'])" in text
    assert not re.search(r"(?<!batch_)op\.create_unique_constraint\(", text)
    alembic(tmp_path, "upgrade", "head")
    assert unique_constraints(tmp_path) == [("uq_book_isbn", ("isbn",)), ("uq_book_title", ("title",))]
    alembic(tmp_path, "downgrade", "-1")
    assert unique_constraints(tmp_path) == [("uq_book_isbn", ("isbn",))]
