"""`[tool.sqla-upgrade]` in a project's pyproject.toml: found per path (the nearest pyproject.toml above it
that has the section, as ruff does), every value's type checked, unknown keys rejected."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Optional, Sequence, Set, Tuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 only
    import tomli as tomllib

from sqla_upgrade.codemod import ALLOW_UNMAPPED_ON, TARGETS


class ConfigError(Exception):
    pass


def _str_list(value: object) -> Optional[Tuple[str, ...]]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _bool(value: object) -> Optional[bool]:
    # `unsafe-fixes = "false"` must not turn unsafe fixes on: only TOML booleans are accepted.
    return value if isinstance(value, bool) else None


def _target(value: object) -> Optional[str]:
    return value if isinstance(value, str) and value in TARGETS else None


def _allow_unmapped_on(value: object) -> Optional[str]:
    return value if isinstance(value, str) and value in ALLOW_UNMAPPED_ON else None


# key -> (attribute, parser returning None when the value is invalid, what a valid value looks like)
_KEYS: Dict[str, Tuple[str, Callable[[object], object], str]] = {
    "select": ("select", _str_list, 'a list of codemod ids, e.g. ["select-legacy"]'),
    "extend-select": ("extend_select", _str_list, 'a list of codemod ids, e.g. ["select-legacy"]'),
    "ignore": ("ignore", _str_list, 'a list of codemod ids, e.g. ["as-scalar"]'),
    "extend-ignore": ("extend_ignore", _str_list, 'a list of codemod ids, e.g. ["as-scalar"]'),
    "exclude": ("exclude", _str_list, 'a list of glob patterns, e.g. ["migrations/legacy_*"]'),
    "target": ("target", _target, " or ".join(f'"{t}"' for t in TARGETS)),
    "unsafe-fixes": ("unsafe_fixes", _bool, "true or false"),
    "force-exclude": ("force_exclude", _bool, "true or false"),
    "respect-gitignore": ("respect_gitignore", _bool, "true or false"),
    "allow-unmapped-on": ("allow_unmapped_on", _allow_unmapped_on, " or ".join(f'"{v}"' for v in ALLOW_UNMAPPED_ON)),
}
KEYS = set(_KEYS)


@dataclass(frozen=True)
class Config:
    """One ``[tool.sqla-upgrade]`` section; None or empty means "not set here"."""

    path: Optional[Path] = None
    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    extend_ignore: Tuple[str, ...] = ()
    exclude: Tuple[str, ...] = ()
    target: Optional[str] = None
    unsafe_fixes: Optional[bool] = None
    force_exclude: Optional[bool] = None
    respect_gitignore: Optional[bool] = None
    allow_unmapped_on: Optional[str] = None

    @property
    def root(self) -> Optional[Path]:
        """The folder the exclude patterns are relative to."""
        return self.path.parent if self.path is not None else None


def read_config(path: Path) -> Optional[Config]:
    """The section of ``path`` (a pyproject.toml), or None when it has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    section = data.get("tool", {}).get("sqla-upgrade")
    if section is None:
        return None
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.sqla-upgrade] must be a table")
    unknown = sorted(set(section) - KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) in [tool.sqla-upgrade]: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(KEYS))})"
        )
    values: Dict[str, object] = {}
    for key, raw in section.items():
        attribute, parse, expected = _KEYS[key]
        value = parse(raw)
        if value is None:
            raise ConfigError(f"{path}: [tool.sqla-upgrade] {key} must be {expected}, not {raw!r}")
        values[attribute] = value
    return Config(path=path, **values)  # type: ignore[arg-type]


@dataclass
class ConfigResolver:
    """The configuration that governs each folder, read once per pyproject.toml and looked up once per
    folder (discovery asks for every folder it walks)."""

    _by_folder: Dict[Path, Config] = field(default_factory=dict)
    _by_file: Dict[Path, Optional[Config]] = field(default_factory=dict)

    def for_folder(self, folder: Path) -> Config:
        folder = Path(folder)
        if folder in self._by_folder:
            return self._by_folder[folder]
        found: Optional[Config] = None
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            if candidate not in self._by_file:
                self._by_file[candidate] = read_config(candidate)
            found = self._by_file[candidate]
        if found is None:
            found = Config() if folder.parent == folder else self.for_folder(folder.parent)
        self._by_folder[folder] = found
        return found

    def for_path(self, path: Path) -> Config:
        path = Path(path).absolute()
        return self.for_folder(path if path.is_dir() else path.parent)


def selected_ids(all_ids: Sequence[str], layers: Sequence[Config]) -> Tuple[str, ...]:
    """The codemod ids a run applies, in ``all_ids`` order, layering the configuration, then the command
    line, as ruff does: a layer's ``select`` starts over, ``extend-select`` adds, ``ignore`` and
    ``extend-ignore`` take away. So ``--ignore`` on the command line adds to the configured ignores."""
    enabled: Set[str] = set(all_ids)
    for layer in layers:
        if layer.select is not None:
            enabled = set(layer.select)
        enabled |= set(layer.extend_select)
        enabled -= set(layer.ignore) | set(layer.extend_ignore)
    return tuple(i for i in all_ids if i in enabled)


def load_config(start: Optional[Path] = None) -> Config:
    """The configuration that governs ``start`` (default: the working directory)."""
    return ConfigResolver().for_folder((start or Path.cwd()).absolute())
