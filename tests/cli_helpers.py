"""Running the command line in-process (a subprocess costs ~0.4 s of start-up per call)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional

from click.testing import CliRunner

from sqla_upgrade.cli import main

LEGACY = "from sqlalchemy import select\n\nstmt = select([users.c.id]).apply_labels()\n"
LEGACY_OUT = (
    "from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, select\n\n"
    "stmt = select(users.c.id).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)\n"
)
FINDING_ONLY = "from sqlalchemy import func, select\n\ncount = counts.as_scalar()\n"


@dataclass
class Result:
    code: int
    out: str
    err: str


@contextmanager
def _chdir(path: Path) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def cli(*args: str, cwd: Path, stdin: bytes = b"", env: Optional[Dict[str, str]] = None) -> Result:
    runner = CliRunner(env={"NO_COLOR": None, "FORCE_COLOR": None, **(env or {})})
    with _chdir(cwd):
        r = runner.invoke(main, list(args), input=stdin, catch_exceptions=False)
    return Result(r.exit_code, r.stdout, r.stderr)


def write(path: Path, text: str = LEGACY) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def summary(result: Result) -> str:
    return result.err.strip().splitlines()[-1]
