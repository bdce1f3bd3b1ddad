"""User settings: a small typed TOML file (settings.toml) under the platform config dir."""

from __future__ import annotations

import json
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


def save_quick_tags(tags: list[str], path: Path | None = None) -> None:
    """Write triage.quick_tags into settings.toml, keeping the rest of the file (comments
    too) as it is; ValueError when the file cannot be edited safely (it stays untouched)."""
    path = path or settings_path()
    text = path.read_text("utf-8") if path.exists() else ""
    before = tomllib.loads(text)  # a broken file is not ours to rewrite
    line = "quick_tags = [" + ", ".join(json.dumps(t, ensure_ascii=False) for t in tags) + "]"
    lines = text.splitlines()
    start = next((i for i, s in enumerate(lines) if s.strip() == "[triage]"), None)
    if start is None:
        lines += ["", "[triage]", line]
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines)
        )
        old = [i for i in range(start + 1, end) if lines[i].lstrip().startswith("quick_tags")]
        if old:
            lines[old[0]] = line
        else:
            lines.insert(start + 1, line)
    new = "\n".join(lines).lstrip("\n") + "\n"
    before.setdefault("triage", {})["quick_tags"] = list(tags)
    try:
        same = tomllib.loads(new) == before  # a quick_tags over several lines is not
    except tomllib.TOMLDecodeError:
        same = False
    if not same:
        raise ValueError(f"{path}: could not update quick_tags safely; edit it there")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(new, "utf-8")
    tmp.replace(path)
