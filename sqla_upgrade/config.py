"""`[tool.sqla-upgrade]` in the nearest pyproject.toml (searched from the working directory upwards)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 only
    import tomli as tomllib

KEYS = {"select", "ignore", "exclude", "target", "unsafe-fixes"}


class ConfigError(Exception):
    pass


@dataclass
class Config:
    path: Optional[Path] = None
    select: Optional[List[str]] = None
    ignore: List[str] = field(default_factory=list)
    exclude: List[str] = field(default_factory=list)
    target: Optional[str] = None
    unsafe_fixes: bool = False


def find_pyproject(start: Path) -> Optional[Path]:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _str_list(value: object, key: str, path: Path) -> List[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{path}: [tool.sqla-upgrade] {key} must be a list of strings")


def load_config(start: Optional[Path] = None) -> Config:
    path = find_pyproject((start or Path.cwd()).resolve())
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    section = data.get("tool", {}).get("sqla-upgrade")
    if section is None:
        return Config()
    unknown = set(section) - KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in [tool.sqla-upgrade]: {', '.join(sorted(unknown))}")
    config = Config(path=path)
    if "select" in section:
        config.select = _str_list(section["select"], "select", path)
    if "ignore" in section:
        config.ignore = _str_list(section["ignore"], "ignore", path)
    if "exclude" in section:
        config.exclude = _str_list(section["exclude"], "exclude", path)
    if "target" in section:
        config.target = str(section["target"])
    if "unsafe-fixes" in section:
        config.unsafe_fixes = bool(section["unsafe-fixes"])
    return config
