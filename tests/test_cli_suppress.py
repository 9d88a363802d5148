"""`# sqla-upgrade: skip` in the forms people write, and --report-unused-skips."""

from __future__ import annotations

import pytest

from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.codemods import CODEMODS
from sqla_upgrade.pipeline import process_bytes
from tests.cli_helpers import LEGACY, cli, summary, write

HEAD = "from sqlalchemy import select\n\n"
OLD = "select([t.c.id]).apply_labels()"


def migrate(src: str, unsafe: bool = False) -> str:
    out = process_bytes("f.py", src.encode(), CODEMODS, RunOptions(unsafe_fixes=unsafe))
    assert out.error is None, out.error
    return src if out.new_data is None else out.new_data.decode()


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(f"a = {OLD}  # sqla-upgrade: skip", id="plain"),
        pytest.param(f"a = {OLD}  # type: ignore  # sqla-upgrade: skip", id="after type: ignore"),
        pytest.param(f"a = {OLD}  # noqa: E501 # sqla-upgrade: skip", id="after noqa"),
        pytest.param(f"a = {OLD}  # sqla-upgrade: skip -- legacy reporting query", id="with a reason"),
        pytest.param(f"a = {OLD}  # sqla-upgrade:skip", id="no space"),
        pytest.param(f"a = {OLD}  # sqla-upgrade: skip[select-legacy,apply-labels]", id="naming both codemods"),
    ],
)
def test_skip_comment_forms(line):
    src = HEAD + line + "\n"
    assert migrate(src) == src


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(f"a = {OLD}  # sqla-upgrade: skip-file", id="skip-file is not a statement skip"),
        pytest.param(f"a = {OLD}  # see the sqla-upgrade: skip docs", id="prose, not after a #"),
        pytest.param(f"a = {OLD}\ns = '# sqla-upgrade: skip'", id="in a string"),
    ],
)
def test_not_a_skip(line):
    assert "set_label_style" in migrate(HEAD + line + "\n")


def test_skip_for_one_codemod_only():
    out = migrate(HEAD + f"a = {OLD}  # sqla-upgrade: skip[apply-labels]\n")
    assert "a = select(t.c.id).apply_labels()  # sqla-upgrade: skip[apply-labels]" in out


@pytest.mark.parametrize(
    "src, kept, rewritten",
    [
        pytest.param(
            f"for row in {OLD}:  # sqla-upgrade: skip\n    b = {OLD}\n",
            f"for row in {OLD}:", "    b = select(t.c.id).set_label_style", id="for header only",
        ),
        pytest.param(
            f"with e.connect({OLD}) as c:  # sqla-upgrade: skip\n    b = {OLD}\n",
            f"with e.connect({OLD}) as c:", "    b = select(t.c.id).set_label_style", id="with header only",
        ),
        pytest.param(
            f"def f(q={OLD}):  # sqla-upgrade: skip\n    return {OLD}\n",
            f"def f(q={OLD}):", "    return select(t.c.id).set_label_style", id="def header only",
        ),
        pytest.param(
            f"if x:\n    pass\nelif {OLD}:  # sqla-upgrade: skip\n    b = {OLD}\n",
            f"elif {OLD}:", "    b = select(t.c.id).set_label_style", id="elif header only",
        ),
        pytest.param(
            f"if {OLD}: b = {OLD}  # sqla-upgrade: skip\nc = {OLD}\n",
            f"if {OLD}: b = {OLD}", "c = select(t.c.id).set_label_style", id="one-line if: the whole line",
        ),
    ],
)
def test_skip_on_a_compound_statement_header(src, kept, rewritten):
    out = migrate(HEAD + src)
    assert kept in out
    assert rewritten in out


@pytest.mark.parametrize(
    "prefix",
    [
        pytest.param('"""Reports."""\n# sqla-upgrade: skip-file\n', id="after the module docstring"),
        pytest.param('"""Reports.\n\nMore.\n"""\n\n# noqa # sqla-upgrade: skip-file\n', id="after a long docstring, second comment"),
        pytest.param("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\n# sqla-upgrade: skip-file -- vendored\n", id="after shebang and cookie, with a reason"),
    ],
)
def test_skip_file_in_the_leading_area(tmp_path, prefix):
    src = prefix + LEGACY
    write(tmp_path / "q.py", src)
    result = cli("run", "q.py", cwd=tmp_path)
    assert result.code == 0, result.err
    assert (tmp_path / "q.py").read_text() == src
    assert "1 files scanned, 0 skipped by the pre-filter, 1 skipped by a skip-file comment, 0 changed" in summary(result)


def test_skip_file_after_code_is_not_honoured():
    assert "set_label_style" in migrate("import os\n# sqla-upgrade: skip-file\n" + LEGACY)


def test_report_unused_skips(tmp_path):
    src = (
        HEAD
        + f"a = {OLD}  # sqla-upgrade: skip\n"  # used
        + "b = 1  # sqla-upgrade: skip\n"  # unused: nothing to do here
        + f"c = {OLD}  # sqla-upgrade: skip[as-scalar]\n"  # unused: as-scalar has nothing here
        + f"for r in {OLD}:  # sqla-upgrade: skip\n    pass\n"  # used (the header)
    )
    write(tmp_path / "q.py", src)
    result = cli("run", "--dry-run", "--output-format", "concise", "--report-unused-skips", "q.py", cwd=tmp_path)
    unused = [line for line in result.err.splitlines() if "unused-skip" in line]
    assert unused == [
        "q.py:4:8: unused-skip this `sqla-upgrade: skip` suppressed nothing",
        "q.py:5:38: unused-skip this `sqla-upgrade: skip[as-scalar]` suppressed nothing",
    ], result.err
    assert "+a = " not in result.out  # the used skip still holds
    assert cli("run", "--dry-run", "q.py", cwd=tmp_path).err.count("unused-skip") == 0


def test_report_unused_skip_file(tmp_path):
    write(tmp_path / "clean.py", "# sqla-upgrade: skip-file\nprint('hi')  # apply_labels\n")
    write(tmp_path / "used.py", "# sqla-upgrade: skip-file\n" + LEGACY)
    result = cli("run", "--output-format", "concise", "--report-unused-skips", ".", cwd=tmp_path)
    unused = [line for line in result.err.splitlines() if "unused-skip" in line]
    assert unused == ["clean.py:1:1: unused-skip this `sqla-upgrade: skip-file` suppressed nothing"]


def test_explain_unused_skip(tmp_path):
    result = cli("explain", "unused-skip", cwd=tmp_path)
    assert result.code == 0 and result.out.startswith("unused-skip: ")
