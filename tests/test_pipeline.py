"""Engine guarantees: a file without sites is never LibCST-parsed, a file with some is parsed once and
traversed once by all its codemods together (statements without a site not at all), no LibCST scope
metadata on the way, never code that does not parse, a crashing codemod costs one file and nothing else."""

from __future__ import annotations

import libcst as cst
import pytest

import sqla_upgrade.pipeline as pipeline
from sqla_upgrade.codemod import Example, RunOptions, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.pipeline import process_bytes


class _Base(SqlaCodemod):
    SUMMARY = "test codemod"
    SAFETY = Safety.SAFE
    ERROR_CODE = None
    EXAMPLES = (Example("", ""),)


class Looks(_Base):
    """Reads qualified names of every call and changes nothing."""

    ID = "looks"
    TRIGGERS = (b"select",)
    SITES = Sites(calls=frozenset({"sqlalchemy.select"}))
    seen = []

    def visit_Call(self, node: cst.Call) -> None:
        Looks.seen.append(self.qualified_names(node.func))


class Renames(_Base):
    """Renames `old_name` to `new_name` (a change of tree state)."""

    ID = "renames"
    TRIGGERS = (b"old_name",)
    SITES = Sites(names=frozenset({"old_name"}))

    def leave_Name(self, original_node, updated_node):
        return updated_node.with_changes(value="new_name") if original_node.value == "old_name" else updated_node


class Crashes(_Base):
    ID = "crashes"
    TRIGGERS = (b"select",)
    SITES = Looks.SITES

    def visit_Call(self, node):
        raise RuntimeError("boom")


class Breaks(_Base):
    """Produces code that does not parse (an `if` keyword where a name was)."""

    ID = "breaks"
    TRIGGERS = (b"select",)
    SITES = Looks.SITES

    def leave_Name(self, original_node, updated_node):
        return updated_node.with_changes(value="if") if original_node.value == "x" else updated_node


SOURCE = b"from sqlalchemy import select\nx = select(old_name)\n"


@pytest.fixture
def counted(monkeypatch):
    counts = {"parse": 0, "wrapper": 0, "traversals": 0}
    import sqla_upgrade.positions as positions

    real_parse, real_wrapper = pipeline.cst.parse_module, positions.MetadataWrapper
    real_visit = pipeline.Batch.on_visit

    def parse(*a, **k):
        counts["parse"] += 1
        return real_parse(*a, **k)

    def wrapper(*a, **k):
        counts["wrapper"] += 1
        return real_wrapper(*a, **k)

    def on_visit(self, node):
        if isinstance(node, cst.Module):
            counts["traversals"] += 1
        return real_visit(self, node)

    monkeypatch.setattr(pipeline.cst, "parse_module", parse)
    monkeypatch.setattr(positions, "MetadataWrapper", wrapper)  # the only place the engine could make one
    monkeypatch.setattr(pipeline.Batch, "on_visit", on_visit)
    return counts


def test_codemods_share_one_parse_and_one_traversal(counted):
    Looks.seen.clear()
    out = process_bytes("f.py", SOURCE, [Looks, Renames, Looks], RunOptions())
    assert out.new_data == b"from sqlalchemy import select\nx = select(new_name)\n"
    assert counted == {"parse": 1, "wrapper": 0, "traversals": 1}, "one parse, one traversal, no metadata"
    assert Looks.seen[0] == {"sqlalchemy.select"} and len(Looks.seen) == 2


def test_statements_without_a_site_are_not_traversed():
    Looks.seen.clear()
    src = b"from sqlalchemy import select\n\ndef f():\n    return len(x)\n\ny = select(t)\n"
    process_bytes("f.py", src, [Looks], RunOptions())
    assert Looks.seen == [{"sqlalchemy.select"}], "the call in f() was never visited"


def test_files_without_triggers_are_not_parsed(counted):
    out = process_bytes("f.py", b"print('hello')\n", [Looks, Renames], RunOptions())
    assert out.skipped and counted["parse"] == 0


def test_files_without_sites_are_not_parsed(counted):
    # the trigger bytes occur (a comment, a user's own select) but no call resolves to sqlalchemy.select
    src = b"# select\ndef select(x):\n    return x\n\nselect(1)\n"
    out = process_bytes("f.py", src, [Looks], RunOptions())
    assert out.skipped and counted["parse"] == 0


def test_only_triggered_codemods_run():
    Looks.seen.clear()
    out = process_bytes("f.py", b"y = old_name\n", [Looks, Renames], RunOptions())
    assert out.new_data == b"y = new_name\n"
    assert Looks.seen == []


def test_a_crashing_codemod_leaves_the_file_and_reports(counted):
    out = process_bytes("f.py", SOURCE, [Renames, Crashes], RunOptions())
    assert out.new_data is None
    assert out.error == "internal error in a codemod, file left unchanged: RuntimeError: boom"


def test_output_that_does_not_parse_is_never_written():
    out = process_bytes("f.py", SOURCE, [Breaks], RunOptions())
    assert out.new_data is None
    assert out.error.startswith("internal error: the rewrite does not parse (")


def test_skip_file_only_in_the_first_comment_block():
    tail = b"import os\n# sqla-upgrade: skip-file\nx = old_name\n"
    assert process_bytes("f.py", tail, [Renames], RunOptions()).new_data is not None
    head = b"#!/usr/bin/env python\n\n# sqla-upgrade: skip-file\nx = old_name\n"
    assert process_bytes("f.py", head, [Renames], RunOptions()).suppressed


def test_skip_comment_inside_a_string_is_not_a_skip():
    src = b"x = old_name; s = '# sqla-upgrade: skip'\n"
    assert process_bytes("f.py", src, [Renames], RunOptions()).new_data is not None
    multi = b"x = f(\n    old_name,  # sqla-upgrade: skip\n)\ny = old_name\n"
    assert process_bytes("f.py", multi, [Renames], RunOptions()).new_data == (
        b"x = f(\n    old_name,  # sqla-upgrade: skip\n)\ny = new_name\n"
    )


class EmitsOldName(_Base):
    """Writes `old_name` where `trigger_me` was: Renames must then run in the same pass."""

    ID = "emits"
    TRIGGERS = (b"trigger_me",)
    SITES = Sites(names=frozenset({"trigger_me"}))
    EMITS = (b"old_name",)

    def leave_Name(self, original_node, updated_node):
        return updated_node.with_changes(value="old_name") if original_node.value == "trigger_me" else updated_node


def test_a_codemod_triggered_by_an_earlier_codemods_output_runs_in_the_same_pass():
    out = process_bytes("f.py", b"x = trigger_me\n", [EmitsOldName, Renames], RunOptions())
    assert out.new_data == b"x = new_name\n"
    # ...but only when the earlier codemod changed something
    assert process_bytes("f.py", b"trigger_me = 1\nz = 2\n", [Renames], RunOptions()).skipped


def test_skip_comment_survives_line_moves_by_earlier_codemods():
    class Splits(_Base):
        """Adds a line break inside the first statement's call (moves every later line down)."""

        ID = "splits"
        TRIGGERS = (b"split_me",)
        SITES = Sites(names=frozenset({"split_me"}))

        def leave_Arg(self, original_node, updated_node):
            if isinstance(original_node.value, cst.Name) and original_node.value.value == "split_me":
                return updated_node.with_changes(
                    value=cst.parse_expression("(\nsplit_me\n)")
                )
            return updated_node

    src = b"a = f(split_me)\nb = old_name  # sqla-upgrade: skip\nc = old_name\n"
    out = process_bytes("f.py", src, [Splits, Renames], RunOptions())
    assert out.new_data == b"a = f((\nsplit_me\n))\nb = old_name  # sqla-upgrade: skip\nc = new_name\n"


def test_skip_comment_on_its_own_line_above_does_not_count():
    src = b"# sqla-upgrade: skip\nb = old_name\n"
    assert process_bytes("f.py", src, [Renames], RunOptions()).new_data == b"# sqla-upgrade: skip\nb = new_name\n"


def test_any_parser_failure_is_one_error_line(monkeypatch):
    def explode(text):
        raise cst.CSTLogicError("unexpected token")  # what LibCST raises on some newer syntax

    monkeypatch.setattr(pipeline.cst, "parse_module", explode)
    out = process_bytes("f.py", SOURCE, [Renames], RunOptions())
    assert out.error == "LibCST cannot parse this file (CSTLogicError: unexpected token); skipped"


def test_an_unexpected_failure_costs_one_file_not_the_run(monkeypatch, tmp_path):
    import sqla_upgrade.runner as runner
    from sqla_upgrade.files import Target

    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_bytes(SOURCE)
    bad.write_bytes(SOURCE + b"# poison\n")
    real = runner.rewrite_bytes

    def flaky(path, data, *args):
        if b"poison" in data:
            raise MemoryError("simulated")
        return real(path, data, *args)

    monkeypatch.setattr(runner, "rewrite_bytes", flaky)
    job = runner.Job((Renames,), RunOptions(), write=True)
    results = runner.run_targets([Target("bad.py", str(bad)), Target("good.py", str(good))], job, jobs=1)
    assert [r.error for r in results] == ["internal error, file left unchanged: MemoryError: simulated", None]
    assert good.read_bytes() == b"from sqlalchemy import select\nx = select(new_name)\n"
