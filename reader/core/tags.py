"""Tag and user-state SQL used by Library inside its transactions (never called directly)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reader.core.models import PaperId, Status


def clean_tag(name: str) -> str:
    """A tag as stored: surrounding space trimmed, inner whitespace collapsed, no commas."""
    return " ".join(name.replace(",", " ").split())


def ensure_tag(conn: sqlite3.Connection, name: str) -> int:
    """The id of the tag matching name case-insensitively, created with this case if new."""
    conn.execute(
        "INSERT INTO tags (name, name_key) VALUES (?, ?) ON CONFLICT(name_key) DO NOTHING",
        (name, name.casefold()),
    )
    row = conn.execute("SELECT id FROM tags WHERE name_key = ?", (name.casefold(),)).fetchone()
    return int(row[0])


def tag_papers(
    conn: sqlite3.Connection, ids: Iterable[int], names: Iterable[str], now: str
) -> set[int]:
    """Add tags to papers; return the ids that gained a tag."""
    changed: set[int] = set()
    wanted = list(ids)
    for name in names:
        tag_id = ensure_tag(conn, name)
        for pid in wanted:
            cur = conn.execute(
                "INSERT OR IGNORE INTO paper_tags (paper_id, tag_id, added) "
                "SELECT id, ?, ? FROM papers WHERE id = ?",
                (tag_id, now, pid),
            )
            if cur.rowcount:
                changed.add(pid)
    return changed


def untag_papers(conn: sqlite3.Connection, ids: Iterable[int], names: Iterable[str]) -> set[int]:
    """Remove tags from papers; return the ids that lost a tag."""
    changed: set[int] = set()
    wanted = list(ids)
    for name in names:
        for pid in wanted:
            cur = conn.execute(
                "DELETE FROM paper_tags WHERE paper_id = ? AND tag_id = "
                "(SELECT id FROM tags WHERE name_key = ?)",
                (pid, name.casefold()),
            )
            if cur.rowcount:
                changed.add(pid)
    return changed


def papers_with_tag(conn: sqlite3.Connection, name: str) -> list[PaperId]:
    """Ids of every paper carrying the tag (trashed ones too)."""
    rows = conn.execute(
        "SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
        "WHERE t.name_key = ? ORDER BY pt.paper_id",
        (name.casefold(),),
    )
    return [PaperId(r[0]) for r in rows]


def rename_tag(conn: sqlite3.Connection, old: str, new: str) -> set[int]:
    """Rename a tag; onto another existing tag this merges the two. Returns touched ids."""
    source = conn.execute("SELECT id FROM tags WHERE name_key = ?", (old.casefold(),)).fetchone()
    if source is None:
        raise KeyError(old)
    touched: set[int] = set(papers_with_tag(conn, old))
    target = conn.execute("SELECT id FROM tags WHERE name_key = ?", (new.casefold(),)).fetchone()
    if target is None or target[0] == source[0]:
        conn.execute(
            "UPDATE tags SET name = ?, name_key = ? WHERE id = ?",
            (new, new.casefold(), source[0]),
        )
        return touched
    conn.execute(
        "INSERT OR IGNORE INTO paper_tags (paper_id, tag_id, added) "
        "SELECT paper_id, ?, added FROM paper_tags WHERE tag_id = ?",
        (target[0], source[0]),
    )
    conn.execute("DELETE FROM tags WHERE id = ?", (source[0],))
    return touched


def delete_tag(conn: sqlite3.Connection, name: str) -> set[int]:
    """Delete a tag from every paper and from the tag list; return the ids that had it."""
    touched: set[int] = set(papers_with_tag(conn, name))
    conn.execute(
        "DELETE FROM paper_tags WHERE tag_id = (SELECT id FROM tags WHERE name_key = ?)",
        (name.casefold(),),
    )
    conn.execute("DELETE FROM tags WHERE name_key = ?", (name.casefold(),))
    return touched


_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit


@dataclass(frozen=True)
class UserState:
    """Everything triage can change on one paper: what undo puts back."""

    starred: bool
    status: Status
    trashed: bool
    tags: tuple[str, ...]


def snapshot(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[PaperId, UserState]:
    """The current user state of each paper id that exists (a few queries per 500 ids:
    triage and rules take one before and after every write)."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    out: dict[PaperId, UserState] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        tags: dict[int, list[str]] = {}
        for pid, name in conn.execute(
            f"SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            f"WHERE pt.paper_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
            chunk,
        ):
            tags.setdefault(pid, []).append(name)
        rows = conn.execute(
            f"SELECT paper_id, starred, status, trashed FROM paper_state "
            f"WHERE paper_id IN ({marks})",
            chunk,
        )
        found = {r[0]: r for r in rows}
        for pid in chunk:
            if (row := found.get(pid)) is not None:
                state = UserState(
                    bool(row[1]), Status(row[2]), bool(row[3]), tuple(tags.get(pid, ()))
                )
                out[PaperId(pid)] = state
    return out


def apply_snapshot(conn: sqlite3.Connection, states: Mapping[int, UserState], now: str) -> set[int]:
    """Put papers back into the given states; return the ids that actually changed."""
    current = snapshot(conn, states)
    changed: set[int] = set()
    for pid, want in states.items():
        have = current.get(PaperId(pid))
        if have is None or have == want:
            continue
        conn.execute(
            "UPDATE paper_state SET starred = ?, status = ?, trashed = ?, modified = ?, "
            "trashed_at = CASE WHEN ? THEN coalesce(trashed_at, ?) END WHERE paper_id = ?",
            (
                int(want.starred),
                want.status.value,
                int(want.trashed),
                now,
                int(want.trashed),
                now,
                pid,
            ),
        )
        have_keys = {t.casefold() for t in have.tags}
        want_keys = {t.casefold() for t in want.tags}
        untag_papers(conn, [pid], [t for t in have.tags if t.casefold() not in want_keys])
        tag_papers(conn, [pid], [t for t in want.tags if t.casefold() not in have_keys], now)
        changed.add(pid)
    return changed
