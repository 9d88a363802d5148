"""`sqla-upgrade report`: the HTML page parses under strict HTML5 and XML parsers, the Markdown under
CommonMark, and both hold what a team lead needs: per codemod, per folder, every manual item."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from markdown_it import MarkdownIt

from tests.cli_helpers import FINDING_ONLY, LEGACY, cli, write

TRICKY = (
    "from sqlalchemy import func, select\n\n"
    "# a line with markup in it: <b>&amp;</b> | pipes | `ticks`\n"
    "count = counts.as_scalar()  # <script>alert(1)</script> | x\n"
)


def _project(tmp_path: Path) -> Path:
    write(tmp_path / "app" / "models.py", LEGACY)
    write(tmp_path / "app" / "queries.py", FINDING_ONLY)
    write(tmp_path / "app" / "sub" / "tricky.py", TRICKY)
    write(tmp_path / "app" / "bad.py", "q.apply_labels()\nselect([a]\n")
    return tmp_path


def _report(tmp_path: Path, name: str) -> str:
    result = cli("run", "--dry-run", "app", cwd=tmp_path)  # the report must match what a run says
    assert result.code == 2
    before = {p: p.read_bytes() for p in (tmp_path / "app").rglob("*.py")}
    made = cli("report", "app", "-o", name, cwd=tmp_path)
    assert made.code == 0, made.err
    assert {p: p.read_bytes() for p in (tmp_path / "app").rglob("*.py")} == before, "report wrote sources"
    assert f"sqla-upgrade: wrote {name}: 4 files scanned, 1 to rewrite, 2 items by hand, 1 errors" in made.err
    return (tmp_path / name).read_text(encoding="utf-8")


def test_html_report_is_strict_html5_and_well_formed_xml(tmp_path):
    page = _report(_project(tmp_path), "report.html")
    html5lib.HTMLParser(strict=True).parse(page)  # raises on any parse error
    root = ET.fromstring(page.split("\n", 1)[1])  # after the doctype
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    items = [li for li in root.iter("li") if li.find("input") is not None]
    assert len(items) == 2
    text = ["".join(li.itertext()).strip() for li in items]
    assert text[0].startswith("app/queries.py:3:9: as_scalar() is deprecated")
    assert "count = counts.as_scalar()" in text[0]
    assert "<script>alert(1)</script> | x" in text[1]  # escaped: it is text, not an element
    assert not [s for s in root.iter("script") if "alert" in (s.text or "")]
    for label in root.iter("label"):
        assert label.get("for") in ids
    tables = list(root.iter("table"))
    assert len(tables) == 2
    codemod_rows = ["".join(tr.itertext()) for tr in tables[0].iter("tr")][1:]
    assert [r.split("safe")[0].split("heuristic")[0] for r in codemod_rows] == ["apply-labels", "as-scalar", "select-legacy"]
    folder_rows = [[("".join(td.itertext())) for td in tr.iter("td")] for tr in tables[1].iter("tr")][1:]
    assert folder_rows == [["app", "3", "1", "1"], ["app/sub", "1", "0", "1"]]
    links = {a.get("href") for a in root.iter("a")}
    assert "https://sqlalche.me/e/20/c9ae" in links
    assert "app/bad.py" in page and "syntax error" in page


def test_markdown_report_renders_as_commonmark_tables_and_a_task_list(tmp_path):
    text = _report(_project(tmp_path), "report.md")
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    root = ET.fromstring(f"<div>{rendered}</div>")
    tables = list(root.iter("table"))
    assert len(tables) == 2
    for table in tables:
        widths = {len(list(tr)) for tr in table.iter("tr")}
        assert len(widths) == 1, "a row with a stray | changed the column count"
    tasks = [li for li in root.iter("li") if "".join(li.itertext()).startswith("[ ] ")]
    assert len(tasks) == 2
    assert "<script>alert(1)</script> | x" in "".join(tasks[1].itertext())
    assert not list(root.iter("script")) and not list(root.iter("b"))


def test_report_output_name_must_say_the_format(tmp_path):
    assert cli("report", ".", "-o", "report.txt", cwd=tmp_path).code == 2
    assert cli("report", "-o", "report.md", cwd=tmp_path).code == 2


def test_report_with_nothing_to_do(tmp_path):
    write(tmp_path / "ok.py", "x = 1\n")
    assert cli("report", ".", "-o", "r.md", cwd=tmp_path).code == 0
    text = (tmp_path / "r.md").read_text()
    assert "1 files scanned, 0 to be rewritten by sqla-upgrade, 0 items to migrate by hand" in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (CI does not install it)")
def test_html_report_in_a_real_browser(tmp_path):
    _report(_project(tmp_path), "report.html")
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", (tmp_path / "report.html").as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    dom = proc.stdout
    # the script ran: the count of ticked items was filled in from local storage (none ticked)
    assert '<span id="done">0</span> of 2 items checked off' in dom
    assert dom.count('type="checkbox"') == 2
