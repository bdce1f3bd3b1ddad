"""The import log: where papers came from, and what each import changed, so it can be undone."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from reader.core.changes import Changes
from reader.core.models import PaperId
from reader.core.plural import plural

# Scalar feed columns a record may set; a value the record lacks never erases one we have.
SCALARS = (
    "title",
    "abstract",
    "arxiv_version",
    "doi",
    "published",
    "updated",
    "listing_date",
    "journal_ref",
    "comment",
    "upvotes",
    "entry_type",
    "venue",
    "volume",
    "number",
    "pages",
    "publisher",
    "keywords",
)
# What the importer reads of a stored paper; an undo puts all of it back.
ROW_COLUMNS = (
    "id",
    "arxiv_id",
    "pending",
    "source",
    "citekey",
    "revised",
    "previous_abstract",
    "title_key",
    "imported",
    "modified",
    *SCALARS,
)
LIST_COLUMNS = {
    "authors": "name, family, given, affiliation",
    "categories": "term",
    "links": "kind, url",
}


def start_import(conn: sqlite3.Connection, source: str, kind: str, started: str) -> int:
    """Open an import's log entry; its counts are filled in by finish_import."""
    row = conn.execute(
        "INSERT INTO imports (source, kind, started, finished, new, updated, unchanged, skipped) "
        "VALUES (?, ?, ?, ?, 0, 0, 0, 0) RETURNING id",
        (source, kind, started, started),
    ).fetchone()
    return int(row[0])


def finish_import(
    conn: sqlite3.Connection, import_id: int, finished: str, counts: tuple[int, int, int, int]
) -> None:
    """Close an import's log entry with its new, updated, unchanged and skipped counts."""
    conn.execute(
        "UPDATE imports SET finished = ?, new = ?, updated = ?, unchanged = ?, skipped = ? "
        "WHERE id = ?",
        (finished, *counts, import_id),
    )


def read_lists(conn: sqlite3.Connection, paper_id: int) -> dict[str, list[tuple]]:
    """A paper's authors, categories and links, in order."""
    return {
        table: [
            tuple(r)
            for r in conn.execute(
                f"SELECT {cols} FROM {table} WHERE paper_id = ? ORDER BY position", (paper_id,)
            )
        ]
        for table, cols in LIST_COLUMNS.items()
    }


def snapshot(row: dict, lists: dict[str, list[tuple]]) -> str:
    """The feed fields of a paper before an import changed them, as JSON."""
    fields = {k: v for k, v in row.items() if k != "id"}
    return json.dumps({"fields": fields, "lists": lists}, ensure_ascii=False)


def log_items(
    conn: sqlite3.Connection, import_id: int, items: list[tuple[int, str, str | None]]
) -> None:
    """Remember which papers an import added or updated: (paper id, action, previous)."""
    conn.executemany(
        "INSERT OR IGNORE INTO import_items (import_id, paper_id, action, previous) "
        "VALUES (?, ?, ?, ?)",
        [(import_id, *item) for item in items],
    )


def record_sources(
    conn: sqlite3.Connection, ids: list[int], source: str, kind: str, import_id: int, now: str
) -> None:
    """Note that papers came from a source (the first time each did)."""
    conn.executemany(
        "INSERT OR IGNORE INTO paper_sources (paper_id, source, kind, import_id, seen) "
        "VALUES (?, ?, ?, ?, ?)",
        [(paper_id, source, kind, import_id, now) for paper_id in ids],
    )


@dataclass(frozen=True)
class PaperSource:
    """One source a paper came from, and when it first did."""

    source: str
    kind: str
    seen: str


def paper_sources(conn: sqlite3.Connection, paper_id: int) -> list[PaperSource]:
    """Every source a paper came from, oldest first."""
    rows = conn.execute(
        "SELECT source, kind, seen FROM paper_sources WHERE paper_id = ? ORDER BY seen, source",
        (paper_id,),
    )
    return [PaperSource(*r) for r in rows]


@dataclass(frozen=True)
class ImportEntry:
    """One import in the log."""

    id: int
    source: str
    kind: str
    started: str
    new: int
    updated: int
    unchanged: int
    skipped: int
    undone: str | None


def imports(conn: sqlite3.Connection) -> list[ImportEntry]:
    """Every import, newest first."""
    rows = conn.execute(
        "SELECT id, source, kind, started, new, updated, unchanged, skipped, undone "
        "FROM imports ORDER BY id DESC"
    )
    return [ImportEntry(*r) for r in rows]


@dataclass(frozen=True)
class UndoReport:
    """What undoing an import did."""

    import_id: int
    removed: int
    restored: int
    kept: int  # papers changed since the import (by the user or a later import): left alone
    changes: Changes

    def summary(self) -> str:
        """'import 3 undone: 107 papers removed, 1 restored, 0 kept (changed since)'."""
        return (
            f"import {self.import_id} undone: "
            f"{plural(self.removed, 'paper', grouped=False)} removed, "
            f"{self.restored} restored, {self.kept} kept (changed since)"
        )


class UndoError(ValueError):
    """An import that cannot be undone; the message says why."""


def undo_import(conn: sqlite3.Connection, import_id: int | None, now: str) -> UndoReport:
    """Undo an import (the latest one not yet undone when import_id is None), in the
    caller's transaction: papers it added go if untouched since, papers it updated get
    their previous feed fields back if no later import or rekey changed them."""
    entry = _pick(conn, import_id)
    started = entry[1]
    removed: list[PaperId] = []
    restored: list[PaperId] = []
    kept: list[int] = []
    items = conn.execute(
        "SELECT paper_id, action, previous FROM import_items WHERE import_id = ?", (entry[0],)
    ).fetchall()
    for paper_id, action, previous in items:
        if action == "added" and _untouched_since(conn, paper_id, started):
            conn.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
            removed.append(PaperId(paper_id))
        elif action == "updated" and _feed_unchanged_since(conn, paper_id, started):
            _restore(conn, paper_id, json.loads(previous))
            restored.append(PaperId(paper_id))
        else:
            kept.append(paper_id)
    # A paper kept because it changed since still came from this source.
    keep = set(kept)
    listed = conn.execute("SELECT paper_id FROM paper_sources WHERE import_id = ?", (entry[0],))
    conn.executemany(
        "DELETE FROM paper_sources WHERE import_id = ? AND paper_id = ?",
        [(entry[0], pid) for (pid,) in listed.fetchall() if pid not in keep],
    )
    conn.execute("UPDATE imports SET undone = ? WHERE id = ?", (now, entry[0]))
    changes = Changes.of(removed, "deleted") | Changes.of(restored, "feed")
    return UndoReport(entry[0], len(removed), len(restored), len(kept), changes)


def _pick(conn: sqlite3.Connection, import_id: int | None) -> tuple:
    if import_id is None:
        row = conn.execute(
            "SELECT id, started, undone FROM imports WHERE undone IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise UndoError("no import to undo")
        return tuple(row)
    row = conn.execute(
        "SELECT id, started, undone FROM imports WHERE id = ?", (import_id,)
    ).fetchone()
    if row is None:
        raise UndoError(f"no import {import_id}")
    if row[2] is not None:
        raise UndoError(f"import {import_id} was already undone ({row[2]})")
    return tuple(row)


def _untouched_since(conn: sqlite3.Connection, paper_id: int, started: str) -> bool:
    row = conn.execute(
        "SELECT p.modified = ? AND s.modified = ? AND s.starred = 0 AND s.status = 'new' "
        "AND s.trashed = 0 "
        "AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.paper_id = p.id) "
        "AND NOT EXISTS (SELECT 1 FROM paper_tags t WHERE t.paper_id = p.id) "
        "AND NOT EXISTS (SELECT 1 FROM citekey_uses u WHERE u.paper_id = p.id "
        "                AND u.how NOT LIKE 'imported from %') "
        "FROM papers p JOIN paper_state s ON s.paper_id = p.id WHERE p.id = ?",
        (started, started, paper_id),
    ).fetchone()
    return bool(row and row[0])


def _feed_unchanged_since(conn: sqlite3.Connection, paper_id: int, started: str) -> bool:
    row = conn.execute("SELECT modified FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return bool(row and row[0] == started)


def _restore(conn: sqlite3.Connection, paper_id: int, previous: dict) -> None:
    fields = previous["fields"]
    sets = ", ".join(f"{k} = ?" for k in fields)
    conn.execute(f"UPDATE papers SET {sets} WHERE id = ?", [*fields.values(), paper_id])
    for table, rows in previous["lists"].items():
        cols = LIST_COLUMNS[table]
        conn.execute(f"DELETE FROM {table} WHERE paper_id = ?", (paper_id,))
        marks = ", ".join("?" * (len(cols.split(",")) + 2))
        conn.executemany(
            f"INSERT INTO {table} (paper_id, position, {cols}) VALUES ({marks})",
            [(paper_id, pos, *row) for pos, row in enumerate(rows)],
        )
