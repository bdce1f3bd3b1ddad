"""Feeds as data: subscriptions, their fetch state and counts, and why lookups failed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from reader.core.db import transaction


class SubscriptionError(ValueError):
    """A feed command that cannot be done (duplicate, unknown name); one line for the user."""


@dataclass(frozen=True)
class Feed:
    """One subscription and how its last fetch went."""

    id: int
    name: str
    source: str
    added: str
    last_fetch: str | None
    last_success: str | None
    etag: str | None
    last_modified: str | None
    last_error: str | None
    last_new: int
    last_updated: int
    total_new: int
    unread: int  # papers this feed brought that are still new (not queued/read/archived)


@dataclass(frozen=True)
class FetchRecord:
    """What one fetch of a feed did, to store on the feed."""

    when: str
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    new: int = 0
    updated: int = 0
    paper_ids: frozenset[int] = frozenset()


_SELECT = """
SELECT f.id, f.name, f.source, f.added, f.last_fetch, f.last_success, f.etag,
       f.last_modified, f.last_error, f.last_new, f.last_updated, f.total_new,
       (SELECT count(*) FROM feed_papers fp JOIN paper_state s ON s.paper_id = fp.paper_id
        WHERE fp.feed_id = f.id AND s.status = 'new' AND s.trashed = 0)
FROM feeds f
"""


def list_feeds(conn: sqlite3.Connection) -> list[Feed]:
    """Every feed, in the order they were added."""
    return [Feed(*row) for row in conn.execute(_SELECT + " ORDER BY f.id")]


def find_feed(conn: sqlite3.Connection, ref: str) -> Feed | None:
    """A feed by name (any case), by source, or by number."""
    row = conn.execute(
        _SELECT + " WHERE f.name = ? COLLATE NOCASE OR f.source = ? OR CAST(f.id AS TEXT) = ?",
        (ref, ref, ref),
    ).fetchone()
    return Feed(*row) if row else None


def feed_paper_ids(conn: sqlite3.Connection, feed_id: int) -> list[int]:
    """Papers a feed brought in."""
    rows = conn.execute("SELECT paper_id FROM feed_papers WHERE feed_id = ?", (feed_id,))
    return [r[0] for r in rows]


def add_feed(db: sqlite_utils.Database, source: str, name: str, now: str) -> Feed:
    """Subscribe; the source and the name must both be new."""
    with transaction(db) as conn:
        if conn.execute("SELECT 1 FROM feeds WHERE source = ?", (source,)).fetchone():
            raise SubscriptionError(f"already subscribed to {source}")
        _check_name_free(conn, name)
        conn.execute(
            "INSERT INTO feeds (name, source, added) VALUES (?, ?, ?)", (name, source, now)
        )
    feed = find_feed(db.conn, source)
    assert feed is not None
    return feed


def _check_name_free(conn: sqlite3.Connection, name: str, but: int | None = None) -> None:
    if not name.strip():
        raise SubscriptionError("a feed needs a name")
    row = conn.execute("SELECT id FROM feeds WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
    if row and row[0] != but:
        raise SubscriptionError(f"there is already a feed named {name!r}")


def remove_feed(db: sqlite_utils.Database, ref: str) -> Feed:
    """Unsubscribe; the papers it brought stay in the library."""
    feed = _existing(db.conn, ref)
    with transaction(db) as conn:
        conn.execute("DELETE FROM feeds WHERE id = ?", (feed.id,))
    return feed


def rename_feed(db: sqlite_utils.Database, ref: str, new_name: str) -> Feed:
    """Give a feed another name."""
    feed = _existing(db.conn, ref)
    with transaction(db) as conn:
        _check_name_free(conn, new_name, but=feed.id)
        conn.execute("UPDATE feeds SET name = ? WHERE id = ?", (new_name.strip(), feed.id))
    renamed = find_feed(db.conn, str(feed.id))
    assert renamed is not None
    return renamed


def _existing(conn: sqlite3.Connection, ref: str) -> Feed:
    feed = find_feed(conn, ref)
    if feed is None:
        raise SubscriptionError(f"no feed named {ref!r} (see `reader feed list`)")
    return feed


def record_fetch(db: sqlite_utils.Database, feed_id: int, fetch: FetchRecord) -> None:
    """Store how a fetch went; validators and counts only change on success."""
    with transaction(db) as conn:
        if fetch.error is not None:
            conn.execute(
                "UPDATE feeds SET last_fetch = ?, last_error = ? WHERE id = ?",
                (fetch.when, fetch.error, feed_id),
            )
            return
        conn.execute(
            "UPDATE feeds SET last_fetch = ?, last_success = ?, last_error = NULL, "
            "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
            "last_new = ?, last_updated = ?, total_new = total_new + ? WHERE id = ?",
            (
                fetch.when,
                fetch.when,
                fetch.etag,
                fetch.last_modified,
                fetch.new,
                fetch.updated,
                fetch.new,
                feed_id,
            ),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO feed_papers (feed_id, paper_id, first_seen) VALUES (?, ?, ?)",
            [(feed_id, pid, fetch.when) for pid in sorted(fetch.paper_ids)],
        )


def record_lookup_failures(db: sqlite_utils.Database, failures: dict[int, str], now: str) -> None:
    """Remember why papers could not be resolved (shown in `show`, retried at refresh)."""
    with transaction(db) as conn:
        conn.executemany(
            "INSERT INTO lookups (paper_id, tried, reason) VALUES (?, ?, ?) "
            "ON CONFLICT(paper_id) DO UPDATE SET tried = excluded.tried, "
            "reason = excluded.reason, tries = tries + 1",
            [(pid, now, reason) for pid, reason in failures.items()],
        )


def clear_lookup_failures(db: sqlite_utils.Database, ids: Iterable[int]) -> None:
    """Forget failures of papers that have now been resolved."""
    with transaction(db) as conn:
        conn.executemany("DELETE FROM lookups WHERE paper_id = ?", [(int(i),) for i in ids])


def lookup_failure(conn: sqlite3.Connection, paper_id: int) -> str | None:
    """Why the paper's last lookup failed, if it did."""
    row = conn.execute("SELECT reason FROM lookups WHERE paper_id = ?", (paper_id,)).fetchone()
    return str(row[0]) if row else None
