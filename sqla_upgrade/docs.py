"""Keeps README.md's codemod table in step with the registry: `python -m sqla_upgrade.docs` rewrites it,
and the test-suite fails when it is stale."""

from __future__ import annotations

import sys
from pathlib import Path

from sqla_upgrade.codemods import CODEMODS

START, END = "<!-- codemods:start -->", "<!-- codemods:end -->"


def codemod_table() -> str:
    rows = [
        "| id | safety | error code | min. target | what it migrates |",
        "|---|---|---|---|---|",
    ]
    for c in CODEMODS:
        code = f"[{c.ERROR_CODE}](https://sqlalche.me/e/20/{c.ERROR_CODE})" if c.ERROR_CODE else "—"
        summary = c.SUMMARY.replace("|", "\\|")
        rows.append(f"| `{c.ID}` | {c.SAFETY.value} | {code} | {c.MIN_TARGET} | {summary} |")
    return "\n".join(rows)


def render(readme: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{codemod_table()}\n\n`sqla-upgrade explain ID` shows each one's before/after examples.\n{END}{tail}"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("README.md")
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
