"""Library health: problems with the database or its agreement with the search index."""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from reader.core import queries
from reader.core.index import SearchIndex, document_stamp
from reader.core.plural import plural

if TYPE_CHECKING:
    from reader.core.library import Library

_KEY_OK = re.compile(r"^[A-Za-z0-9_:.-]+$")


def check(lib: Library) -> list[str]:
    """Problems with the database or its agreement with the index; empty when healthy."""
    try:
        problems = database_problems(lib.conn)
        if problems:
            return problems  # comparing the index with a damaged database says nothing
        lib.sync_index(wait=False)
        pending = lib.pending_index_changes()
        if pending:
            verb = "has" if pending == 1 else "have"
            problems.append(f"{plural(pending, 'change')} {verb} not reached the search index yet")
        return problems + index_problems(lib.conn, lib.index)
    except sqlite3.DatabaseError as exc:
        return [f"sqlite: {exc}"]


def database_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own checks, plus rows our schema cannot express as constraints."""
    problems = [
        f"sqlite: {row[0]}" for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"
    ]
    problems += [
        f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]}"
        for row in conn.execute("PRAGMA foreign_key_check")
    ]
    orphans = conn.execute(
        "SELECT count(*) FROM papers WHERE id NOT IN (SELECT paper_id FROM paper_state)"
    ).fetchone()[0]
    if orphans:
        problems.append(
            f"{plural(orphans, 'paper')} {'has' if orphans == 1 else 'have'} no state row"
        )
    keys = [k for (k,) in conn.execute("SELECT citekey FROM papers") if not _KEY_OK.match(k)]
    problems += [f"citation key {k!r} has characters outside [A-Za-z0-9_:.-]" for k in keys]
    return problems


def index_problems(conn: sqlite3.Connection, index: SearchIndex) -> list[str]:
    """Papers the index lacks, has in excess, or holds in an older version."""
    indexed = index.stamps()
    expected = {p.id: document_stamp(p) for p in queries.iter_papers(conn)}
    missing = expected.keys() - indexed.keys()
    extra = indexed.keys() - expected.keys()
    stale = [i for i in expected.keys() & indexed.keys() if expected[i] != indexed[i]]
    problems = []
    if missing:
        problems.append(f"{plural(len(missing), 'paper')} missing from the search index")
    if extra:
        problems.append(f"{_entries(len(extra))} for papers that do not exist")
    if stale:
        problems.append(f"{_entries(len(stale))} {'is' if len(stale) == 1 else 'are'} out of date")
    return problems


def _entries(n: int) -> str:
    return plural(n, "search index entry", "search index entries")
