"""`sqla-upgrade report`: the migration of a codebase on one static page (HTML) or in Markdown.

What a dry run would rewrite, and what is left to do by hand, per codemod and per folder; every manual item
with its file:line, source line, message and sqlalche.me link, and a checkbox a team lead can tick (the
HTML page keeps the ticks in the browser's local storage; the Markdown is a task list).
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from sqla_upgrade.findings import DOCS_URL, FileError, Finding
from sqla_upgrade.runner import FileResult


@dataclass
class CodemodRow:
    id: str
    summary: str
    safety: str
    url: Optional[str]
    rewritten: int = 0  # files
    findings: int = 0
    fixable: int = 0


@dataclass
class FolderRow:
    folder: str
    files: int = 0
    rewritten: int = 0
    findings: int = 0


@dataclass
class Report:
    paths: Tuple[str, ...]
    target: str
    unsafe_fixes: bool
    files: int
    rewritten: List[Tuple[str, List[str]]]  # path, codemod ids
    manual: List[Finding]
    errors: List[FileError]
    codemods: List[CodemodRow]
    folders: List[FolderRow]
    summaries: Dict[str, str] = field(default_factory=dict)


def build_report(
    paths: Sequence[str],
    results: Sequence[FileResult],
    errors: Sequence[FileError],
    codemods: Sequence[type],
    target: str,
    unsafe_fixes: bool,
) -> Report:
    rows = {
        c.ID: CodemodRow(c.ID, c.SUMMARY, c.SAFETY.value, DOCS_URL.format(code=c.ERROR_CODE) if c.ERROR_CODE else None)  # type: ignore[attr-defined]
        for c in codemods
    }
    folders: Dict[str, FolderRow] = {}
    rewritten: List[Tuple[str, List[str]]] = []
    manual: List[Finding] = []
    for r in results:
        folder = os.path.dirname(r.display).replace(os.sep, "/") or "."
        row = folders.setdefault(folder, FolderRow(folder))
        row.files += 1
        if r.changed:
            row.rewritten += 1
            ids = list(dict.fromkeys(r.changed_by))
            rewritten.append((r.display, ids))
            for cid in ids:
                if cid in rows:
                    rows[cid].rewritten += 1
        for f in r.findings:
            row.findings += 1
            manual.append(f)
            if f.rule_id in rows:
                rows[f.rule_id].findings += 1
                rows[f.rule_id].fixable += int(f.fix_available)
    return Report(
        paths=tuple(paths),
        target=target,
        unsafe_fixes=unsafe_fixes,
        files=len(results),
        rewritten=rewritten,
        manual=sorted(manual),
        errors=list(errors),
        codemods=[r for r in rows.values() if r.rewritten or r.findings],
        folders=sorted((f for f in folders.values() if f.rewritten or f.findings), key=lambda f: f.folder),
        summaries={c.ID: c.SUMMARY for c in codemods},  # type: ignore[attr-defined]
    )


def _by_codemod(findings: Sequence[Finding]) -> List[Tuple[str, List[Finding]]]:
    groups: Dict[str, List[Finding]] = {}
    for f in findings:
        groups.setdefault(f.rule_id, []).append(f)
    return sorted(groups.items())


def _headline(report: Report) -> str:
    return (
        f"{report.files} files scanned, {len(report.rewritten)} to be rewritten by sqla-upgrade, "
        f"{len(report.manual)} items to migrate by hand, {len(report.errors)} files that could not be processed"
    )


# -- Markdown -----------------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text safe in a Markdown table cell or list item."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")


def _md_code(text: str, in_table: bool = False) -> str:
    """A code span; in a table cell its ``|`` must be escaped (GFM splits cells before code spans)."""
    ticks = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    body = text.replace("|", "\\|") if in_table else text
    return f"{ticks}{pad}{body}{pad}{ticks}" if text.strip() else ""


def render_markdown(report: Report) -> str:
    out = [
        "# SQLAlchemy 2.0 migration report",
        "",
        f"Paths: {', '.join(_md_code(p) for p in report.paths)}; target SQLAlchemy {report.target}"
        + ("; unsafe fixes applied" if report.unsafe_fixes else "") + ".",
        "",
        _headline(report) + ".",
        "",
        "## Per codemod",
        "",
        "| codemod | safety | files to rewrite | manual items | of which `--unsafe-fixes` would fix | what it migrates |",
        "|---|---|---:|---:|---:|---|",
    ]
    for c in report.codemods:
        name = f"[`{c.id}`]({c.url})" if c.url else f"`{c.id}`"
        out.append(f"| {name} | {c.safety} | {c.rewritten} | {c.findings} | {c.fixable} | {_md(c.summary)} |")
    out += ["", "## Per folder", "", "| folder | files scanned | files to rewrite | manual items |", "|---|---:|---:|---:|"]
    for f in report.folders:
        out.append(f"| {_md_code(f.folder, in_table=True)} | {f.files} | {f.rewritten} | {f.findings} |")
    out += ["", "## To migrate by hand", ""]
    if not report.manual:
        out += ["Nothing.", ""]
    for rule_id, findings in _by_codemod(report.manual):
        out += [f"### `{rule_id}` ({len(findings)})", ""]
        for f in findings:
            link = f" ([{f.code}]({f.url}))" if f.url else ""
            fix = " (fix available with `--unsafe-fixes`)" if f.fix_available else ""
            out.append(f"- [ ] {_md_code(f'{f.path}:{f.line}:{f.col}')}: {_md(f.message)}{fix}{link}")
            if f.source.strip():
                out.append(f"  {_md_code(f.source.strip())}")
        out.append("")
    out += ["## Rewritten by sqla-upgrade", ""]
    if not report.rewritten:
        out += ["Nothing.", ""]
    for path, ids in report.rewritten:
        out.append(f"- {_md_code(path)}: {', '.join(f'`{i}`' for i in ids)}")
    if report.rewritten:
        out.append("")
    if report.errors:
        out += ["## Not processed", ""]
        out += [f"- {_md_code(e.path)}: {_md(e.message)}" for e in report.errors]
        out.append("")
    return "\n".join(out)


# -- HTML ---------------------------------------------------------------------------------------------
# Well-formed XML as well as HTML5 (void elements closed, the script free of < and &), so the tests can
# hold it to both parsers.

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
td.n { text-align: right; }
code, pre { font: 13px ui-monospace, monospace; }
pre { background: #f6f6f6; margin: 0.2rem 0 0.6rem 1.8rem; padding: 0.3rem 0.5rem; overflow-x: auto; }
li { list-style: none; }
li.done { opacity: 0.5; }
.fix { color: #666; }
"""

# Ticks survive a reload: kept in local storage under the item's id.
_SCRIPT = """
document.querySelectorAll('input.todo').forEach(function (box) {
  var key = 'sqla-upgrade:' + box.id;
  box.checked = localStorage.getItem(key) === '1';
  box.parentElement.classList.toggle('done', box.checked);
  box.addEventListener('change', function () {
    localStorage.setItem(key, box.checked ? '1' : '0');
    box.parentElement.classList.toggle('done', box.checked);
    document.getElementById('done').textContent = document.querySelectorAll('input.todo:checked').length;
  });
});
document.getElementById('done').textContent = document.querySelectorAll('input.todo:checked').length;
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(report: Report) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8" />',
        "<title>SQLAlchemy 2.0 migration report</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<h1>SQLAlchemy 2.0 migration report</h1>",
        f"<p>Paths: {', '.join(f'<code>{_e(p)}</code>' for p in report.paths)}; target SQLAlchemy "
        f"{_e(report.target)}{'; unsafe fixes applied' if report.unsafe_fixes else ''}.</p>",
        f'<p id="headline">{_e(_headline(report))}; <span id="done">0</span> of {len(report.manual)} items checked off.</p>',
        '<h2 id="per-codemod">Per codemod</h2>',
        "<table><thead><tr><th>codemod</th><th>safety</th><th>files to rewrite</th><th>manual items</th>"
        "<th>of which <code>--unsafe-fixes</code> would fix</th><th>what it migrates</th></tr></thead><tbody>",
    ]
    for c in report.codemods:
        name = f'<a href="{_e(c.url)}"><code>{_e(c.id)}</code></a>' if c.url else f"<code>{_e(c.id)}</code>"
        out.append(
            f"<tr><td>{name}</td><td>{_e(c.safety)}</td><td class=\"n\">{c.rewritten}</td>"
            f"<td class=\"n\">{c.findings}</td><td class=\"n\">{c.fixable}</td><td>{_e(c.summary)}</td></tr>"
        )
    out += [
        "</tbody></table>",
        '<h2 id="per-folder">Per folder</h2>',
        "<table><thead><tr><th>folder</th><th>files scanned</th><th>files to rewrite</th><th>manual items</th></tr>"
        "</thead><tbody>",
    ]
    for f in report.folders:
        out.append(
            f"<tr><td><code>{_e(f.folder)}</code></td><td class=\"n\">{f.files}</td>"
            f"<td class=\"n\">{f.rewritten}</td><td class=\"n\">{f.findings}</td></tr>"
        )
    out += ["</tbody></table>", '<h2 id="manual">To migrate by hand</h2>']
    if not report.manual:
        out.append("<p>Nothing.</p>")
    n = 0
    for rule_id, findings in _by_codemod(report.manual):
        out += [f"<h3><code>{_e(rule_id)}</code> ({len(findings)})</h3>", "<ul>"]
        for f in findings:
            n += 1
            where = f"{f.path}:{f.line}:{f.col}"
            item_id = f"item-{n}"
            link = f' (<a href="{_e(f.url)}">{_e(f.code or "")}</a>)' if f.url else ""
            fix = ' <span class="fix">(fix available with <code>--unsafe-fixes</code>)</span>' if f.fix_available else ""
            source = f"<pre>{_e(f.source.strip())}</pre>" if f.source.strip() else ""
            out.append(
                f'<li><input type="checkbox" class="todo" id="{item_id}" data-where="{_e(where)}" /> '
                f'<label for="{item_id}"><code>{_e(where)}</code>: {_e(f.message)}</label>{fix}{link}{source}</li>'
            )
        out.append("</ul>")
    out.append('<h2 id="rewritten">Rewritten by sqla-upgrade</h2>')
    if report.rewritten:
        out.append("<ul>")
        for path, ids in report.rewritten:
            out.append(f"<li><code>{_e(path)}</code>: {', '.join(f'<code>{_e(i)}</code>' for i in ids)}</li>")
        out.append("</ul>")
    else:
        out.append("<p>Nothing.</p>")
    if report.errors:
        out += ['<h2 id="errors">Not processed</h2>', "<ul>"]
        out += [f"<li><code>{_e(e.path)}</code>: {_e(e.message)}</li>" for e in report.errors]
        out.append("</ul>")
    out += [f"<script>{_SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(out)
