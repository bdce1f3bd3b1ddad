"""The index outbox: apply what SQLite recorded to the search index, exactly once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

import sqlite_utils

from reader.core import queries
from reader.core.db import transaction
from reader.core.index import SearchIndex
from reader.core.models import Paper

_BATCH = 2000  # papers loaded at a time


def drain_outbox(db: sqlite_utils.Database, index: SearchIndex) -> int:
    """Apply the outbox to the index, then delete exactly the rows applied.

    The rows and the papers' state are read under the index's write lock, so a slower
    process can never write an older state over a newer one and then empty the outbox.
    Sequence numbers only grow (AUTOINCREMENT, one writer at a time), so `seq <= top`
    is exactly the rows read.
    """
    top = 0

    def read() -> tuple[Iterable[Paper], list[int]]:
        nonlocal top
        conn = db.conn
        top = conn.execute("SELECT coalesce(max(seq), 0) FROM index_outbox").fetchone()[0]
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT paper_id FROM index_outbox WHERE seq <= ?", (top,)
            )
        ]
        gone = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT paper_id FROM index_outbox o WHERE seq <= ? "
                "AND NOT EXISTS (SELECT 1 FROM papers WHERE id = o.paper_id)",
                (top,),
            )
        ]
        return _load_in_chunks(conn, ids), gone

    written = index.apply_from(read)
    with transaction(db) as conn:
        conn.execute("DELETE FROM index_outbox WHERE seq <= ?", (top,))
    return written


def _load_in_chunks(conn: sqlite3.Connection, ids: list[int]) -> Iterator[Paper]:
    for start in range(0, len(ids), _BATCH):
        yield from queries.load_papers(conn, ids[start : start + _BATCH])
