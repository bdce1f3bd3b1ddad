"""Writes of the user's own data on papers: star, status and trash flags, and notes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from reader.core.decisions import record_note
from reader.core.models import Status


def set_state(
    conn: sqlite3.Connection, wanted: list[int], column: str, value: object, now: str
) -> list[int]:
    """Set one paper_state column on papers; return those that changed."""
    changed = []
    for pid in wanted:
        extra = ", trashed_at = ?" if column == "trashed" else ""
        params: list[object] = [value, now] + ([now if value else None] if extra else [])
        cur = conn.execute(
            f"UPDATE paper_state SET {column} = ?, modified = ?{extra} "
            f"WHERE paper_id = ? AND {column} IS NOT ?",
            [*params, pid, value],
        )
        if cur.rowcount:
            changed.append(pid)
    if column == "status" and value == Status.READ.value:
        # Marking a paper read (again) is how the user acknowledges a new version.
        cur = conn.execute(
            f"UPDATE papers SET revised = NULL WHERE revised IS NOT NULL "
            f"AND id IN ({','.join('?' * len(wanted))}) RETURNING id",
            wanted,
        )
        changed += [r[0] for r in cur.fetchall()]
    return changed


def store_note(
    conn: sqlite3.Connection,
    paper_id: int,
    body: str,
    now: str,
    *,
    base: str | None = None,
    merge: Callable[[str, str], str] | None = None,
) -> bool:
    """Store a note (an empty body deletes it), merging with a note changed since `base`;
    return whether the stored note changed."""
    old = conn.execute("SELECT body FROM notes WHERE paper_id = ?", (paper_id,)).fetchone()
    stored = old[0] if old else ""
    if merge is not None and base is not None and stored not in (base, body):
        body = merge(stored, body)
    if stored == body:
        return False
    if not body:
        conn.execute("DELETE FROM notes WHERE paper_id = ?", (paper_id,))
    else:
        conn.execute(
            "INSERT INTO notes (paper_id, body, modified) VALUES (?, ?, ?) "
            "ON CONFLICT(paper_id) DO UPDATE SET body = excluded.body, "
            "modified = excluded.modified",
            (paper_id, body, now),
        )
        if not stored:
            record_note(conn, paper_id, now)  # a first note is a decision; edits are not
    return True
