"""Open the library's SQLite file: pragmas, migrations, explicit write transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from reader.core.migrations import migrations

DB_NAME = "library.sqlite"


class LibraryError(Exception):
    """A library that cannot be opened or used; the message says why."""


def connect(folder: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and for writers, create and migrate) the library database in folder.

    Connections run in autocommit mode; writes take `transaction()`, which starts with
    BEGIN IMMEDIATE so two writers queue on busy_timeout instead of failing mid-way.
    """
    path = folder / DB_NAME
    if readonly and not path.exists():
        raise LibraryError(f"no library at {folder} (missing {DB_NAME})")
    if not readonly:
        folder.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        db = sqlite_utils.Database(conn, execute_plugins=False)
        if migrations.pending(db):
            if readonly:
                raise LibraryError(f"library at {folder} needs an upgrade; open it for writing")
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"cannot open {path}: {exc}") from exc
    return db


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on any error."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
