"""Size limits on imported text: the one gate every parser's records pass before merging.

A feed can hold a 50 MB abstract or NUL bytes deep inside; stored as they are they make the
window crawl and reach exports raw. Here they are cut or removed, and each entry touched is
named so the user can look.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from reader.core.models import Author, Link, PaperRecord, Skip

MAX_TITLE = 2_000
MAX_ABSTRACT = 100_000
MAX_FIELD = 2_000  # every other text field: ids, dates, venue, comment, URLs, names
MAX_ITEMS = 5_000  # authors, links, categories, keywords per paper
# C0 controls and DEL, except tab, newline and carriage return: never text a feed means.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LIMITS = {"title": MAX_TITLE, "abstract": MAX_ABSTRACT}


def cap_records(records: Sequence[PaperRecord]) -> tuple[list[PaperRecord], list[Skip]]:
    """Records with over-long fields cut and control characters removed, and what changed."""
    out: list[PaperRecord] = []
    notes: list[Skip] = []
    for number, record in enumerate(records, 1):
        capped, changes = _cap(record)
        out.append(capped)
        if changes:
            where = f"entry {number}" + (f" (line {record.line})" if record.line else "")
            notes.append(Skip(where, "; ".join(changes)))
    return out, notes


def _cap(record: PaperRecord) -> tuple[PaperRecord, list[str]]:
    changes: list[str] = []
    updates: dict[str, Any] = {}  # field name -> new value, of that field's type
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        new: object
        if isinstance(value, str):
            new = _text(field.name, value, _LIMITS.get(field.name, MAX_FIELD), changes)
        elif isinstance(value, tuple) and value:
            new = _items(field.name, value, changes)
        else:
            continue
        if new != value:
            updates[field.name] = new
    return (dataclasses.replace(record, **updates) if updates else record), changes


def _text(name: str, value: str, limit: int, changes: list[str]) -> str:
    cleaned = _CONTROL.sub("", value)
    if cleaned != value:
        changes.append(f"{name}: {len(value) - len(cleaned)} control characters (NUL…) removed")
    if len(cleaned) > limit:
        changes.append(f"{name} cut to {limit:,} characters (was {len(cleaned):,})")
        cleaned = cleaned[:limit]
    return cleaned


def _items(name: str, items: tuple[object, ...], changes: list[str]) -> tuple[object, ...]:
    if len(items) > MAX_ITEMS:
        changes.append(f"{name}: only the first {MAX_ITEMS:,} of {len(items):,} kept")
        items = items[:MAX_ITEMS]
    found: list[str] = []
    out = tuple(_item(name, item, found) for item in items)
    changes += list(dict.fromkeys(found))  # one note per kind of change, not per author
    return out


def _item(name: str, item: object, changes: list[str]) -> object:
    if isinstance(item, str):
        return _text(name, item, MAX_FIELD, changes)
    if isinstance(item, Author | Link):
        texts: dict[str, Any] = {
            f.name: _text(name, getattr(item, f.name), MAX_FIELD, changes)
            for f in dataclasses.fields(item)
            if isinstance(getattr(item, f.name), str)
        }
        return dataclasses.replace(item, **texts)
    return item
