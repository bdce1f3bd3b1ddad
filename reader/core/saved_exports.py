"""Saved exports: exports the library remembers and keeps up to date as papers change."""

from __future__ import annotations

from pathlib import Path

from reader.core.db import transaction
from reader.core.library import Library, utc_now


def add(lib: Library, query: str, fmt: str, path: Path, include_notes: bool) -> int:
    """Remember an export to keep up to date; the same path replaces an older one."""
    lib.require_writable("save an export")
    lib.index.parse(query or "*")  # refuse a malformed query now, not at every change
    with transaction(lib.db) as conn:
        cur = conn.execute(
            "INSERT INTO saved_exports (query, format, path, include_notes, created) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET query = excluded.query, "
            "format = excluded.format, include_notes = excluded.include_notes "
            "RETURNING id",
            (query, fmt, str(Path(path).resolve()), int(include_notes), utc_now()),
        )
        return int(cur.fetchone()[0])


def remove(lib: Library, export_id: int) -> bool:
    """Forget a saved export (its file stays); False when there was none."""
    lib.require_writable("forget a saved export")
    with transaction(lib.db) as conn:
        cur = conn.execute("DELETE FROM saved_exports WHERE id = ?", (export_id,))
        return cur.rowcount > 0


def record_result(lib: Library, export_id: int, error: str | None) -> None:
    """Note when a saved export was last written, or why it could not be."""
    if lib.readonly:
        return  # the export file was written; the library just cannot remember it
    with transaction(lib.db) as conn:
        if error is None:
            conn.execute(
                "UPDATE saved_exports SET last_written = ?, last_error = NULL WHERE id = ?",
                (utc_now(), export_id),
            )
        else:
            conn.execute("UPDATE saved_exports SET last_error = ? WHERE id = ?", (error, export_id))
