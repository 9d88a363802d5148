"""Differential tests: programs in `programs/` run before migration on an old SQLAlchemy and after it on 2.0.

`old_sqlalchemy_python` finds or builds the interpreter for the "before" side.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent.parent


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _sqlalchemy_version(python: Path) -> Optional[str]:
    try:
        proc = subprocess.run(
            [str(python), "-c", "import sqlalchemy; print(sqlalchemy.__version__)"],
            capture_output=True,
            text=True,
            timeout=60,
            env=clean_env(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def clean_env() -> dict:
    """The environment the programs and the tool run in: no 2.0-mode warnings, no borrowed import paths."""
    env = {k: v for k, v in os.environ.items() if k not in {"SQLALCHEMY_WARN_20", "PYTHONPATH", "PYTHONHOME"}}
    env["PYTHONWARNINGS"] = "ignore"
    env["PYTHONNOUSERSITE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    return env


def old_sqlalchemy_python(version: str, env_var: str, venv: Path) -> str:
    """An interpreter with exactly SQLAlchemy ``version``: ``$env_var``, else ``venv`` (built if missing).

    Raises when none can be had: a differential test without its "before" side proves nothing, so it must
    error rather than skip.
    """
    given = os.environ.get(env_var)
    if given:
        found = _sqlalchemy_version(Path(given))
        if found != version:
            raise RuntimeError(f"${env_var}={given} has SQLAlchemy {found}, not {version}")
        return given
    python = _venv_python(venv)
    if python.exists() and _sqlalchemy_version(python) == version:
        return str(python)
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"sqlalchemy=={version}"],
    ]
    for step in steps:
        proc = subprocess.run(step, capture_output=True, text=True, timeout=600, env=clean_env())
        if proc.returncode != 0:
            raise RuntimeError(f"cannot build {venv}: {' '.join(step)} failed:\n{proc.stdout}\n{proc.stderr}")
    found = _sqlalchemy_version(python)
    if found != version:
        raise RuntimeError(f"{venv} has SQLAlchemy {found} after installing {version}")
    return str(python)
