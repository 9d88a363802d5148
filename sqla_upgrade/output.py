"""How a run talks to the user: colour, the diff on standard output, findings and errors on standard error."""

from __future__ import annotations

import os
import sys
from typing import IO, Mapping, Optional

import click


def use_color(flag: Optional[bool], stream: IO, environ: Mapping[str, str] = os.environ) -> bool:
    """``--color/--no-color`` first, then NO_COLOR (no-color.org: set and not empty), then FORCE_COLOR,
    then whether ``stream`` is a terminal."""
    if flag is not None:
        return flag
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def write_diff(diff: bytes, color: bool) -> None:
    if not color:
        sys.stdout.buffer.write(diff)
        sys.stdout.flush()
        return
    for line in diff.decode("utf-8", "surrogateescape").splitlines(keepends=True):
        text = line.rstrip("\n")
        if line.startswith(("+++", "---")):
            styled = click.style(text, bold=True)
        elif line.startswith(("+", "-", "@@")):
            styled = click.style(text, fg={"+": "green", "-": "red", "@": "cyan"}[line[0]])
        else:
            styled = text
        click.echo(styled, color=True)
