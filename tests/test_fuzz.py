"""Property-based tests: for every codemod (alone, and all of them together) on generated programs,

- the tool reports no error and its output compiles,
- a second run changes nothing,
- a program without any SQLAlchemy (or Alembic) import comes back byte-identical, with no findings,
- code around a legacy form is kept (every original line is still there, in order).

Programs are the catalogue's legacy forms (every codemod's EXAMPLES) with random surrounding code, comments,
blocks, line breaks inside brackets, indentation and line endings, and programs from hypothesmith's grammar.
The default profile (tests/conftest.py) is derandomized and small; `--hypothesis-profile=long` for more.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import List, Optional, Sequence, Tuple

import pytest

hypothesis = pytest.importorskip("hypothesis")
hypothesmith = pytest.importorskip("hypothesmith")

from hypothesis import given, note  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sqla_upgrade.cli import enabled_codemods  # noqa: E402
from sqla_upgrade.codemod import RunOptions  # noqa: E402
from sqla_upgrade.codemods import CODEMODS  # noqa: E402
from sqla_upgrade.guard import call_deep  # noqa: E402
from sqla_upgrade.pipeline import process_bytes  # noqa: E402

# hypothesmith's programs are slow to make: 15 of them in the default profile, the profile's own number in
# the others (`--hypothesis-profile=long`: 10,000), which a fixed max_examples here would override.
_DEFAULT_EXAMPLES = hypothesis.settings.default.max_examples
GENERATED = hypothesis.settings(max_examples=15 if _DEFAULT_EXAMPLES <= 100 else _DEFAULT_EXAMPLES)

IMPORT_RE = re.compile(r"^(?:from|import)\s+(?:sqlalchemy|alembic)\b")
SELECTIONS = [None] + [c.ID for c in CODEMODS]  # None: every codemod
FORMS = [(c.ID, ex.before) for c in CODEMODS for ex in c.EXAMPLES]
# Forms whose legacy code hangs on an import; the others match by method or attribute name, which the
# codemods document (`as_scalar()`, `apply_labels()`, `Model.__table__.select(...)`).
IMPORTING_FORMS = [(cid, src) for cid, src in FORMS if any(IMPORT_RE.match(l) for l in src.splitlines())]

FILLER = [
    "x = 1",
    "import os",
    "from collections import OrderedDict as OD",
    "def helper(a, *args, b=None, **kw):\n    return a",
    "class Thing(object):\n    attr = 'select'\n\n    def select(self, *a):\n        return self",
    "result = Thing().select([1, 2], where=3)",
    "items = [i for i in range(3) if i]",
    "s = 'a string with select([x]) inside'",
    "doc = '''triple\nquoted select( text\n'''",
    "try:\n    pass\nexcept Exception:\n    raise",
    "with open('f') as fh:\n    data = fh.read()",
    "lambda_ = lambda q: q.order_by(1)",
    "if __name__ == '__main__':\n    main()",
    "values = {'k': [1, (2, 3)], **{}}",
    "@decorator\ndef decorated():\n    yield",
]
COMMENTS = ["# a comment", "# select([x]) in a comment", "#", "# -*- not a cookie -*-", "    # indented comment"]


def _run(src: bytes, selection: Optional[str], unsafe: bool):
    options = RunOptions(
        unsafe_fixes=unsafe, select=(selection,) if selection else None, alembic_batch="always"
    )
    return call_deep(process_bytes, "fuzz.py", src, enabled_codemods(options), options)


def _check(src: bytes, selection: Optional[str], unsafe: bool) -> bytes:
    note(f"selection={selection} unsafe={unsafe}\n{src.decode('utf-8', 'replace')}")
    first = _run(src, selection, unsafe)
    assert first.error is None, first.error
    out = first.new_data if first.new_data is not None else src
    compile(out, "fuzz.py", "exec", dont_inherit=True)
    second = _run(out, selection, unsafe)
    assert second.error is None, second.error
    assert second.new_data is None, "a second run changed the output:\n" + second.new_data.decode("utf-8", "replace")
    return out


def _is_subsequence(needles: Sequence[str], haystack: Sequence[str]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)


# -- building programs ----------------------------------------------------------------------------------


@st.composite
def reformatted(draw, code: str) -> str:
    """``code`` with random line breaks, comments and spaces after brackets and commas inside brackets
    (where Python allows them: the meaning does not change)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return code
    lines = code.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    inserts: List[Tuple[int, str]] = []
    depth = 0
    for tok in tokens:
        if tok.type != tokenize.OP:
            continue
        if tok.string in "([{":
            depth += 1
        elif tok.string in ")]}":
            depth -= 1
        if depth > 0 and tok.string in ("(", "[", "{", ","):
            choice = draw(st.sampled_from(["", "", "", " ", "\n", "\n        ", "  # note\n    ", "\\\n  "]))
            if choice:
                row, col = tok.end
                inserts.append((offsets[row - 1] + col, choice))
    for pos, text in sorted(inserts, reverse=True):
        code = code[:pos] + text + code[pos:]
    return code


def _split_form(src: str) -> Tuple[List[str], str]:
    imports = [l for l in src.splitlines() if IMPORT_RE.match(l)]
    body = "\n".join(l for l in src.splitlines() if not IMPORT_RE.match(l)).strip("\n") + "\n"
    return imports, body


@st.composite
def program(draw, forms, with_imports: bool = True) -> Tuple[str, List[str]]:
    """A module built around 1-3 legacy forms; also the lines that are not part of any form."""
    chosen = draw(st.lists(st.sampled_from(forms), min_size=1, max_size=3))
    imports: List[str] = []
    bodies: List[str] = []
    for _cid, src in chosen:
        form_imports, body = _split_form(src)
        imports += [i for i in form_imports if i not in imports]
        body = draw(reformatted(body))
        wrap = draw(st.sampled_from(["", "", "def wrapper():\n", "class Wrapper:\n", "if condition:\n"]))
        if wrap:
            indent = draw(st.sampled_from(["    ", "  ", "\t"]))
            body = wrap + "".join(indent + l if l.strip() else l for l in body.splitlines(keepends=True))
        bodies.append(body)
    surrounding = []
    parts = []
    if draw(st.booleans()):
        parts.append('"""Module docstring mentioning select([x])."""\n')
    if with_imports:
        parts.append("\n".join(imports) + "\n")
    for body in bodies:
        for _ in range(draw(st.integers(0, 2))):
            filler = draw(st.sampled_from(FILLER + COMMENTS)) + "\n"
            surrounding.append(filler)
            parts.append(filler)
        parts.append("\n" * draw(st.integers(0, 2)))
        parts.append(body)
    text = "".join(parts)
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    if ending != "\n":
        text = text.replace("\n", ending)
    if draw(st.integers(0, 5)) == 0:
        text = text.rstrip("\r\n")
    return text, surrounding, ending


def _assert_line_endings_kept(text: str, ending: str, out: bytes) -> None:
    others = {"\n": (b"\r",), "\r\n": (b"\r\r", b"\r\n\n"), "\r": (b"\n",)}[ending]
    if ending == "\r\n":
        assert out.count(b"\n") == out.count(b"\r\n"), "a line ending changed"
    else:
        assert not any(o in out for o in others), "a line ending changed"
    assert out.endswith(ending.encode()) == text.endswith(ending), "the last line ending changed"


# -- properties -----------------------------------------------------------------------------------------


@given(st.data(), st.sampled_from(SELECTIONS), st.booleans())
def test_catalogue_programs_parse_after_migration_and_are_stable(data, selection, unsafe):
    text, surrounding, ending = data.draw(program(FORMS))
    try:
        compile(text, "fuzz.py", "exec", dont_inherit=True)
    except SyntaxError:
        hypothesis.reject()  # a wrapper can leave a form that is only valid at module level (`return`...)
    out = _check(text.encode(), selection, unsafe)
    _assert_line_endings_kept(text, ending, out)
    out_lines = out.decode().replace("\r\n", "\n").replace("\r", "\n").splitlines()
    kept = [l.rstrip("\n") for chunk in surrounding for l in chunk.splitlines()]
    assert _is_subsequence(kept, out_lines), "code around the legacy forms was changed"


@given(st.data(), st.sampled_from(SELECTIONS))
def test_catalogue_programs_without_sqlalchemy_imports_are_untouched(data, selection):
    text, _, _ = data.draw(program(IMPORTING_FORMS, with_imports=False))
    src = text.encode()
    result = _run(src, selection, unsafe=True)
    note(text)
    assert result.new_data is None, result.new_data.decode("utf-8", "replace")
    assert result.findings == []


@given(hypothesmith.from_grammar(), st.sampled_from(SELECTIONS))
@GENERATED
def test_generated_programs_come_back_byte_identical(code, selection):
    # No SQLAlchemy import: every codemod must leave them alone (they rarely contain a trigger, so the
    # legacy forms below are added without their imports too).
    src = code.encode("utf-8", "surrogatepass")
    result = _run(src, selection, unsafe=True)
    assert result.error is None or "syntax" in result.error or "LibCST cannot parse" in result.error, result.error
    assert result.new_data is None
    assert result.findings == []


@given(hypothesmith.from_grammar(), st.sampled_from(FORMS), st.sampled_from(SELECTIONS))
@GENERATED
def test_legacy_forms_after_generated_code_are_migrated_and_stable(code, form, selection):
    try:
        compile(code, "gen.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        hypothesis.reject()
    text = code.rstrip("\n") + "\n\n" + form[1]
    if "\\" in code.rstrip("\n")[-1:]:
        hypothesis.reject()
    out = _check(text.encode("utf-8", "surrogatepass"), selection, unsafe=True)
    # the program holds the generated code without its trailing newlines (a code of blank lines only
    # leaves none of them: the long run found that the test, not the tool, was wrong there)
    kept = code.rstrip("\n").splitlines()
    assert _is_subsequence(kept, out.decode("utf-8", "surrogatepass").splitlines())
