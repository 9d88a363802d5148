"""--alembic-batch auto: migration scripts get batch blocks only where the project runs on SQLite; the
decision is said once per Alembic project and is not a finding."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.migrate import ROOT

MIGRATION = (
    'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "0002"\ndown_revision = "0001"\n\n\n'
    'def upgrade():\n    op.create_unique_constraint("uq_book_isbn", "book", ["isbn"])\n'
    '    op.add_column("book", sa.Column("author_id", sa.Integer, sa.ForeignKey("author.id")))\n'
)
ENV = (
    "from alembic import context\nfrom sqlalchemy import engine_from_config\n\nconfig = context.config\n\n\n"
    "def run_migrations_online():\n"
    '    connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.")\n'
    "    with connectable.connect() as connection:\n"
    "        context.configure(connection=connection, target_metadata=None)\n"
    "        with context.begin_transaction():\n"
    "            context.run_migrations()\n"
)


def _project(root: Path, url: str) -> Path:
    (root / "migrations" / "versions").mkdir(parents=True)
    (root / "alembic.ini").write_text(f"[alembic]\nscript_location = migrations\nsqlalchemy.url = {url}\n")
    (root / "migrations" / "env.py").write_text(ENV)
    (root / "migrations" / "script.py.mako").write_text("")
    (root / "migrations" / "versions" / "0002_unique.py").write_text(MIGRATION)
    return root


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sqla_upgrade", "run", *args, "."],
        cwd=cwd, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_a_postgresql_project_keeps_its_migration_scripts(tmp_path):
    root = _project(tmp_path, "postgresql://app@localhost/app")
    proc = _run(root)
    script = root / "migrations" / "versions" / "0002_unique.py"
    assert script.read_text() == MIGRATION, "no batch blocks on PostgreSQL"
    assert "alembic-batch-ops" not in proc.stderr, "no SQLite-only findings"
    assert "alembic-batch-env" not in proc.stderr and proc.returncode == 0, "the decision is no finding"
    assert (root / "migrations" / "env.py").read_text() == ENV
    assert "alembic project migrations: batch mode off (no sqlite URL" in proc.stderr
    assert proc.stderr.count("alembic project") == 1, "said once per project"


def test_the_same_project_on_sqlite_gets_the_batch_rewrite(tmp_path):
    root = _project(tmp_path, "sqlite:///app.db")
    proc = _run(root)
    script = (root / "migrations" / "versions" / "0002_unique.py").read_text()
    assert 'with op.batch_alter_table("book", schema=None) as batch_op:' in script
    assert "render_as_batch=True" in (root / "migrations" / "env.py").read_text()
    assert "batch mode on (alembic.ini or env.py names a sqlite URL)" in proc.stderr


@pytest.mark.parametrize("mode, rewritten", [("always", True), ("never", False)])
def test_the_decision_can_be_forced(tmp_path, mode, rewritten):
    root = _project(tmp_path, "postgresql://app@localhost/app")
    _run(root, "--alembic-batch", mode)
    script = (root / "migrations" / "versions" / "0002_unique.py").read_text()
    assert ("batch_alter_table" in script) == rewritten
