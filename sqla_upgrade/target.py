"""The ``--target`` a project declares: its SQLAlchemy requirement in pyproject.toml (PEP 621 or Poetry),
requirements*.txt or setup.cfg, read from the working directory's project."""

from __future__ import annotations

import configparser
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 only
    import tomli as tomllib

_NAME_RE = re.compile(r"^\s*sqlalchemy\s*(\[[^\]]*\])?\s*(?P<spec>[^;#]*)", re.IGNORECASE)
_CLAUSE_RE = re.compile(r"^\s*(~=|===|==|!=|<=|>=|<|>)\s*([0-9][0-9a-zA-Z.*+!-]*)\s*$")


@dataclass(frozen=True)
class Declared:
    target: str
    source: str  # the file it was read from, as the user sees it
    requirement: str  # e.g. "sqlalchemy>=2.0,<2.1"

    def describe(self) -> str:
        return f"target {self.target}, from {self.source}: {self.requirement}"


def _release(text: str) -> Tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = re.match(r"\d+", piece)
        if digits is None:
            break
        parts.append(int(digits.group()))
    return tuple(parts)


def _pad(v: Tuple[int, ...], n: int = 4) -> Tuple[int, ...]:
    return v + (0,) * (n - len(v))


def _satisfies(version: Tuple[int, ...], op: str, text: str) -> bool:
    if text.endswith(".*"):
        prefix = _release(text[:-2])
        same = version[: len(prefix)] == prefix
        return same if op == "==" else (not same if op == "!=" else True)
    ref = _pad(_release(text))
    v = _pad(version)
    if op in ("==", "==="):
        return v == ref
    if op == "!=":
        return v != ref
    if op == ">=":
        return v >= ref
    if op == "<=":
        return v <= ref
    if op == ">":
        return v > ref
    if op == "<":
        return v < ref
    # ~=X.Y[.Z]: >= X.Y[.Z] and the same release series up to the last component but one
    release = _release(text)
    return v >= ref and version[: len(release) - 1] == release[:-1]


def _allows_series(spec: str, series: Tuple[int, int]) -> Optional[bool]:
    """Whether some version of ``series`` (2.0 or 2.1) satisfies ``spec``; None when ``spec`` is not
    understood."""
    clauses = []
    for raw in [c for c in spec.split(",") if c.strip()]:
        match = _CLAUSE_RE.match(raw)
        if match is None:
            return None
        clauses.append((match.group(1), match.group(2)))
    candidates = {series + (0,), series + (9999,)}
    for _, text in clauses:
        v = _release(text.rstrip(".*"))
        if v[:2] == series:
            candidates.update({_pad(v, 3), _pad(v, 3)[:2] + (_pad(v, 3)[2] + 1,)})
    return any(all(_satisfies(c, op, t) for op, t in clauses) for c in candidates)


def target_for(spec: str) -> Optional[str]:
    """The lowest of 2.0 and 2.1 that the requirement allows (the output must run on every version the
    project accepts), or None (no 2.x allowed, or not understood)."""
    for series, name in (((2, 0), "2.0"), ((2, 1), "2.1")):
        if _allows_series(spec, series):
            return name
    return None


def _requirements(folder: Path) -> Iterator[Tuple[Path, str]]:
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            data = {}
        project = data.get("project", {})
        for req in project.get("dependencies", []) or []:
            yield pyproject, str(req)
        for group in (project.get("optional-dependencies", {}) or {}).values():
            for req in group or []:
                yield pyproject, str(req)
        poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {}) or {}
        for name, value in poetry.items():
            if name.lower() == "sqlalchemy":
                version = value.get("version", "") if isinstance(value, dict) else str(value)
                yield pyproject, f"sqlalchemy{_poetry_spec(version)}"
    setup_cfg = folder / "setup.cfg"
    if setup_cfg.is_file():
        parser = configparser.ConfigParser()
        try:
            parser.read(setup_cfg, encoding="utf-8")
            for line in parser.get("options", "install_requires", fallback="").splitlines():
                yield setup_cfg, line
        except (configparser.Error, UnicodeDecodeError):
            pass
    for req_file in sorted(folder.glob("requirements*.txt")):
        try:
            for line in req_file.read_text(encoding="utf-8").splitlines():
                yield req_file, line
        except (OSError, UnicodeDecodeError):
            pass


def _poetry_spec(version: str) -> str:
    version = version.strip()
    if version.startswith("^"):  # ^2.0 means >=2.0,<3.0
        base = _release(version[1:])
        upper = (base[0] + 1,) if base and base[0] else base[:2]
        return f">={version[1:]},<{'.'.join(map(str, upper))}"
    if version and version[0].isdigit():
        return f"=={version}"
    return version.replace(" ", "")


def declared_target(start: Path) -> Optional[Declared]:
    """The target declared by the nearest folder upwards from ``start`` that has a pyproject.toml,
    setup.cfg or requirements*.txt naming sqlalchemy."""
    for folder in [start, *start.parents]:
        found: List[Tuple[Path, str]] = []
        for path, line in _requirements(folder):
            match = _NAME_RE.match(line)
            if match is None or re.match(r"^\s*sqlalchemy[\w.-]", line, re.IGNORECASE):
                continue  # e.g. sqlalchemy-utils
            found.append((path, line.split(";")[0].split("#")[0].strip()))
        for path, requirement in found:
            spec = _NAME_RE.match(requirement).group("spec").strip()  # type: ignore[union-attr]
            target = target_for(spec) if spec else None
            if target is not None:
                try:
                    shown = str(path.relative_to(Path.cwd()))
                except ValueError:
                    shown = str(path)
                return Declared(target, shown, requirement.replace(" ", ""))
        if found:
            return None  # the project names sqlalchemy but allows no 2.x (or nothing said): the default
    return None
