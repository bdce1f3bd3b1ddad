"""User settings: a small typed TOML file (settings.toml) under the platform config dir."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

CONFIG_ENV = "READER_CONFIG_DIR"
FILE_NAME = "settings.toml"
QUICK_TAGS = 9


@dataclass(frozen=True)
class Settings:
    """What the user can set: key overrides, selection advance, the nine quick tags."""

    keys: dict[str, list[str]] = field(default_factory=dict)
    advance: bool = True  # after queue/read/archive, select the next paper
    quick_tags: tuple[str, ...] = ()
    refresh_at_start: bool = False  # refresh the feeds that are due when the window opens
    refresh_due_hours: float = 12.0  # a feed is due this long after its last fetch
    problems: tuple[str, ...] = ()  # readable complaints about the file, shown at start-up


def config_dir() -> Path:
    """$READER_CONFIG_DIR, or the platform's config folder for Reader."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else Path(platformdirs.user_config_dir("reader"))


def settings_path() -> Path:
    """Where settings.toml lives."""
    return config_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    """The settings file, or defaults; a broken file is reported, never fatal."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(problems=(f"{path}: {exc}",))
    problems: list[str] = []
    keys = _keys(data.get("keys", {}), problems)
    triage = data.get("triage", {})
    if not isinstance(triage, dict):
        problems.append("[triage] must be a table")
        triage = {}
    advance = triage.get("advance", True)
    if not isinstance(advance, bool):
        problems.append("triage.advance must be true or false")
        advance = True
    quick = triage.get("quick_tags", [])
    if not isinstance(quick, list) or not all(isinstance(t, str) for t in quick):
        problems.append("triage.quick_tags must be a list of tag names")
        quick = []
    if len(quick) > QUICK_TAGS:
        problems.append(f"triage.quick_tags: only the first {QUICK_TAGS} are used")
    at_start, due_hours = _feeds(data.get("feeds", {}), problems)
    prefixed = tuple(f"{path.name}: {p}" for p in problems)
    return Settings(keys, advance, tuple(quick[:QUICK_TAGS]), at_start, due_hours, prefixed)


def _feeds(table: object, problems: list[str]) -> tuple[bool, float]:
    """[feeds] refresh_at_start and refresh_due_hours, defaults for what is wrong."""
    if not isinstance(table, dict):
        problems.append("[feeds] must be a table")
        return False, 12.0
    at_start = table.get("refresh_at_start", False)
    if not isinstance(at_start, bool):
        problems.append("feeds.refresh_at_start must be true or false")
        at_start = False
    hours = table.get("refresh_due_hours", 12)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or hours < 0:
        problems.append("feeds.refresh_due_hours must be a number of hours, 0 or more")
        hours = 12
    return at_start, float(hours)


def _keys(table: object, problems: list[str]) -> dict[str, list[str]]:
    if not isinstance(table, dict):
        problems.append("[keys] must be a table")
        return {}
    keys: dict[str, list[str]] = {}
    for cid, value in table.items():
        if isinstance(value, str):
            keys[cid] = [value]
        elif isinstance(value, list) and all(isinstance(k, str) for k in value):
            keys[cid] = list(value)
        else:
            problems.append(f"keys.{cid} must be a key or a list of keys")
    return keys
