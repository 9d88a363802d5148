"""Facts about the Alembic project a file belongs to, for the alembic-* codemods.

Which file is an Alembic ``env.py`` or a migration script, and whether the project runs on SQLite, are
decided from the file itself and from the few files Alembic keeps next to it, read from disk once per
folder: ``env.py`` (the folder Alembic calls the script location, with ``script.py.mako`` and
``versions/``) and the ``*.ini`` files in that folder and its parent (``alembic.ini``, or the file given to
``alembic -c``). Nothing is imported or executed.

``script.py.mako`` (the template new revisions are rendered from) is never rewritten: file discovery only
picks up ``*.py`` files. A project whose URL comes from elsewhere (an environment variable, the
application's settings) has no SQLite fact here; the codemods then report instead of guessing.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from typing import Optional, Tuple

import libcst as cst

# `sqlite://`, `sqlite:///file.db`, `sqlite+pysqlite:///...`, `sqlite+aiosqlite:///...`
SQLITE_URL_RE = re.compile(r"\bsqlite(?:\+\w+)?://", re.IGNORECASE)
# A connection listener that turns on foreign-key enforcement (`cursor.execute("PRAGMA foreign_keys=ON")`).
FOREIGN_KEYS_PRAGMA_RE = re.compile(r"PRAGMA\s+foreign_keys\s*=\s*[\"']?\s*(?:ON|1|TRUE|YES)\b", re.IGNORECASE)

RENDERS_AS_BATCH_RE = re.compile(r"\brender_as_batch\s*=\s*True\b")

# Config files larger than this are not Alembic configs (and are not worth reading).
_MAX_CONFIG_BYTES = 1 << 20


@dataclass(frozen=True)
class ProjectFacts:
    """What the files around an Alembic script folder say."""

    #: the folder holding env.py, when one was found
    script_dir: Optional[str] = None
    #: the Alembic config files read (the *.ini files naming a script_location or a sqlalchemy.url)
    config_files: Tuple[str, ...] = ()
    #: alembic.ini (any section, e.g. one per database in the multidb template) or env.py names a SQLite URL
    names_sqlite: bool = False
    #: env.py turns on SQLite's foreign-key enforcement
    sqlite_foreign_keys: bool = False
    #: env.py already passes render_as_batch=True (someone decided the project needs batch mode)
    renders_as_batch: bool = False


NO_FACTS = ProjectFacts()


def _uncommented(text: str, comment_prefixes: Tuple[str, ...]) -> str:
    # A commented-out URL (alembic.ini's templates carry several) says nothing about the project.
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(comment_prefixes))


def ini_names_sqlite(text: str) -> bool:
    return SQLITE_URL_RE.search(_uncommented(text, ("#", ";"))) is not None


def python_names_sqlite(text: str) -> bool:
    return SQLITE_URL_RE.search(_uncommented(text, ("#",))) is not None


def enables_sqlite_foreign_keys(text: str) -> bool:
    return FOREIGN_KEYS_PRAGMA_RE.search(_uncommented(text, ("#",))) is not None


def real_path(display_path: str) -> Optional[str]:
    """The file's absolute path, or None for standard input and paths that are not on disk."""
    if display_path == "-":
        return None
    path = os.path.abspath(display_path)
    return path if os.path.isfile(path) else None


def _read(path: str) -> Optional[str]:
    try:
        if os.path.getsize(path) > _MAX_CONFIG_BYTES:
            return None
        with open(path, "rb") as fh:
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return None


@functools.lru_cache(maxsize=256)
def _facts_for_script_dir(script_dir: str) -> ProjectFacts:
    env_text = _read(os.path.join(script_dir, "env.py")) or ""
    configs = []
    names_sqlite = python_names_sqlite(env_text)
    # alembic.ini lives in the script folder (Flask-Migrate) or, usually, in its parent.
    for folder in (script_dir, os.path.dirname(script_dir)):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if not name.endswith(".ini"):
                continue
            path = os.path.join(folder, name)
            text = _read(path)
            if text is None or ("script_location" not in text and "sqlalchemy.url" not in text):
                continue
            configs.append(path)
            names_sqlite = names_sqlite or ini_names_sqlite(text)
    return ProjectFacts(
        script_dir=script_dir,
        config_files=tuple(configs),
        names_sqlite=names_sqlite,
        sqlite_foreign_keys=enables_sqlite_foreign_keys(env_text),
        renders_as_batch=RENDERS_AS_BATCH_RE.search(_uncommented(env_text, ("#",))) is not None,
    )


def script_dir_of(path: str) -> Optional[str]:
    """The Alembic script folder of an absolute ``path``: its own folder for env.py; for a migration
    script, the nearest ancestor (at most three levels up: versions/ may have subfolders) holding env.py or
    script.py.mako."""
    folder = os.path.dirname(path)
    if os.path.basename(path) == "env.py":
        return folder
    for _ in range(3):
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
        if any(os.path.isfile(os.path.join(folder, name)) for name in ("env.py", "script.py.mako")):
            return folder
    return None


def project_facts(display_path: str) -> ProjectFacts:
    """The facts of the Alembic project around ``display_path`` (NO_FACTS when there is none on disk)."""
    path = real_path(display_path)
    if path is None:
        return NO_FACTS
    script_dir = script_dir_of(path)
    if script_dir is None:
        return NO_FACTS
    return _facts_for_script_dir(script_dir)


def batch_decision(display_path: str, mode: str) -> Tuple[bool, str]:
    """Whether the migration scripts of the project around ``display_path`` get batch mode under
    ``--alembic-batch mode``, and why (said once per Alembic project)."""
    if mode == "never":
        return False, "--alembic-batch never"
    if mode in ("always", "sqlite"):
        return True, f"--alembic-batch {mode}"
    facts = project_facts(display_path)
    if facts.script_dir is None:
        # Nothing on disk says which database: batch blocks run the same ALTERs elsewhere.
        return True, "no Alembic project found around the script"
    if facts.names_sqlite:
        return True, "alembic.ini or env.py names a sqlite URL"
    if facts.renders_as_batch:
        return True, "env.py already renders as batch"
    return False, "no sqlite URL in alembic.ini or env.py; env.py and migration scripts left alone, --alembic-batch always rewrites them"


# -- migration scripts ---------------------------------------------------------------------------------

_UPGRADE_RE = re.compile(r"^(?:upgrade|downgrade)(?:_\w+)?$")


def is_upgrade_function(name: str) -> bool:
    """``upgrade``/``downgrade``, and the multidb template's per-engine ``upgrade_<name>``/``downgrade_<name>``."""
    return _UPGRADE_RE.match(name) is not None


def _module_assigned_names(module: cst.Module) -> set:
    names = set()
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        names.add(target.target.value)
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                names.add(small.target.value)
    return names


def is_migration_script(display_path: str, module: cst.Module) -> bool:
    """Whether a module is an Alembic migration script: it defines ``upgrade()`` at module level and either
    lies under a ``versions/`` folder or declares ``revision`` and ``down_revision`` (scripts in other
    ``version_locations``, and code given on standard input)."""
    defines_upgrade = any(
        isinstance(stmt, cst.FunctionDef) and stmt.name.value == "upgrade" for stmt in module.body
    )
    if not defines_upgrade:
        return False
    parts = re.split(r"[\\/]+", display_path)[:-1]
    if "versions" in parts:
        return True
    return {"revision", "down_revision"} <= _module_assigned_names(module)
