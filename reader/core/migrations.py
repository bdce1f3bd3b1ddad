"""Schema migrations: append-only named functions, applied in order by sqlite-utils."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

migrations = Migrations("reader")

# Feed data (papers, authors, categories, links) is kept apart from user data
# (paper_state, paper_tags, notes) so an import can only ever write the former.
_M001 = [
    """CREATE TABLE papers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title_key TEXT NOT NULL,
        arxiv_id TEXT UNIQUE,
        arxiv_version INTEGER,
        doi TEXT UNIQUE,
        title TEXT NOT NULL,
        abstract TEXT NOT NULL DEFAULT '',
        published TEXT,
        updated TEXT,
        listing_date TEXT,
        journal_ref TEXT,
        comment TEXT,
        upvotes INTEGER,
        source TEXT NOT NULL,
        imported TEXT NOT NULL,
        citekey TEXT NOT NULL UNIQUE,
        added TEXT NOT NULL,
        modified TEXT NOT NULL
    )""",
    "CREATE INDEX papers_title_key ON papers(title_key)",
    "CREATE INDEX papers_added ON papers(added)",
    """CREATE TABLE authors (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        family TEXT NOT NULL DEFAULT '',
        given TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (paper_id, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE categories (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        term TEXT NOT NULL,
        PRIMARY KEY (paper_id, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE links (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('code', 'project', 'pdf', 'abs', 'doi', 'other')),
        url TEXT NOT NULL,
        PRIMARY KEY (paper_id, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE paper_state (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        status TEXT NOT NULL DEFAULT 'new'
            CHECK (status IN ('new', 'queued', 'read', 'archived')),
        trashed INTEGER NOT NULL DEFAULT 0 CHECK (trashed IN (0, 1)),
        trashed_at TEXT,
        modified TEXT NOT NULL
    )""",
    "CREATE INDEX paper_state_view ON paper_state(trashed, status, starred)",
    """CREATE TABLE tags (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE
    )""",
    """CREATE TABLE paper_tags (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        added TEXT NOT NULL,
        PRIMARY KEY (paper_id, tag_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX paper_tags_tag ON paper_tags(tag_id)",
    """CREATE TABLE notes (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        modified TEXT NOT NULL
    )""",
    # The outbox: every write to anything the search index holds appends the paper id
    # here in the same transaction (by the triggers below), so the Whoosh index can
    # always be brought up to date after a crash.
    """CREATE TABLE index_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        paper_id INTEGER NOT NULL
    )""",
    """CREATE TABLE imports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT NOT NULL,
        new INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        skipped INTEGER NOT NULL
    )""",
]

_OUTBOX_TRIGGERS = {
    "papers": ("INSERT", "UPDATE", "DELETE"),
    "authors": ("INSERT", "UPDATE", "DELETE"),
    "paper_state": ("INSERT", "UPDATE"),
    "paper_tags": ("INSERT", "DELETE"),
    "notes": ("INSERT", "UPDATE", "DELETE"),
}


def _outbox_trigger(table: str, event: str) -> str:
    row = "OLD" if event == "DELETE" else "NEW"
    column = "id" if table == "papers" else "paper_id"
    return (
        f"CREATE TRIGGER {table}_{event.lower()}_outbox AFTER {event} ON {table} "
        f"BEGIN INSERT INTO index_outbox (paper_id) VALUES ({row}.{column}); END"
    )


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    statements = list(_M001)
    for table, events in _OUTBOX_TRIGGERS.items():
        statements += [_outbox_trigger(table, event) for event in events]
    statements.append(
        "CREATE TRIGGER tags_rename_outbox AFTER UPDATE OF name ON tags BEGIN "
        "INSERT INTO index_outbox (paper_id) "
        "SELECT paper_id FROM paper_tags WHERE tag_id = NEW.id; END"
    )
    for statement in statements:
        db.execute(statement)


@migrations()
def m002_saved_exports(db: sqlite_utils.Database) -> None:
    # A saved export: a query (search language; empty = everything) kept written to a file.
    db.execute(
        """CREATE TABLE saved_exports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            query TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL,
            path TEXT NOT NULL UNIQUE,
            include_notes INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            last_written TEXT,
            last_error TEXT
        )"""
    )


@migrations()
def m003_citekey_nocase(db: sqlite_utils.Database) -> None:
    # Keys must be unique ignoring case (biber and file systems fold case); the index also
    # makes the clash lookup at import an index search instead of a table scan.
    db.execute("CREATE UNIQUE INDEX papers_citekey_nocase ON papers(citekey COLLATE NOCASE)")
