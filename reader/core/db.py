"""Open the library's SQLite file: checks, pragmas, migrations, explicit write transactions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from reader.core import backup
from reader.core.migrations import migrations

DB_NAME = backup.DB_FILE
_CORRUPT, _NOTADB = 11, 26  # SQLite primary result codes that mean a damaged file


class LibraryError(Exception):
    """A library that cannot be opened or used; the message says why."""


class DamagedLibraryError(LibraryError):
    """library.sqlite exists but is empty or damaged; it is never reinitialised."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        self.backup = backup.newest_good_backup(path.parent)
        found = (
            f"the newest good backup is {self.backup.path} ({self.backup.describe()})"
            if self.backup
            else f"no good backup was found in {backup.backups_dir(path.parent)}"
        )
        super().__init__(
            f"the library database {path} is damaged ({detail}) and was left as it is; {found}"
        )


class ReadOnlyLibraryError(LibraryError):
    """A write asked of a library opened read-only."""


def readonly_reason(folder: Path) -> str | None:
    """Why the library cannot be written here (a read-only folder or file), else None."""
    folder = Path(folder)
    path = folder / DB_NAME
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return f"the folder {folder} is read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is read-only"
    return None


def connect(folder: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and for writers, create and migrate) the library database in folder.

    Connections run in autocommit mode; writes take `transaction()`, which starts with
    BEGIN IMMEDIATE so two writers queue on busy_timeout instead of failing mid-way.
    A file that exists but is empty or damaged raises DamagedLibraryError, untouched.
    """
    folder = Path(folder)
    path = folder / DB_NAME
    if not path.exists():
        if readonly:
            raise LibraryError(f"no library at {folder} (missing {DB_NAME})")
        _create(folder, path)
    _check_not_empty(path)  # a foreign file is SQLite's SQLITE_NOTADB, below
    try:
        conn = _open(path, readonly)
        _check_schema(conn, path)
        db = sqlite_utils.Database(conn, execute_plugins=False)
        pending = migrations.pending(db)
        if pending:
            if readonly:
                raise LibraryError(f"library at {folder} needs an upgrade; open it for writing")
            _backup_before_upgrade(conn, folder, pending[-1].name)
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code == _NOTADB:
            raise DamagedLibraryError(path, "the file is not an SQLite database") from exc
        if code == _CORRUPT:
            raise DamagedLibraryError(path, str(exc)) from exc
        raise LibraryError(f"cannot open {path}: {exc}") from exc
    return db


def _open(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        # Without a -wal file, nothing but this file holds the data; a folder nobody may
        # write in cannot get the -shm file WAL readers need, so read it as immutable.
        if readonly_reason(path.parent) and not path.with_name(DB_NAME + "-wal").exists():
            uri += "&immutable=1"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _create(folder: Path, path: Path) -> None:
    """A new library is built beside its final name and linked into place when whole, so
    an existing library.sqlite is always one that was complete once."""
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{DB_NAME}.new-{os.getpid()}"
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial, isolation_level=None)
    try:
        migrations.apply(sqlite_utils.Database(conn, execute_plugins=False))
    finally:
        conn.close()
    try:
        os.link(partial, path)  # fails if another process created the library meanwhile
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not path.exists():
            os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _check_not_empty(path: Path) -> None:
    # stat, never open(): closing any descriptor of the database file drops every POSIX
    # lock this process holds on it, its open connections' included. Another process
    # then believes it is the last user, checkpoints and deletes the -wal/-shm those
    # connections still read, and they never see a commit again.
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LibraryError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if size == 0:
        raise DamagedLibraryError(path, "the file is empty, 0 bytes")


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "papers" not in tables:
        raise DamagedLibraryError(path, "it holds no Reader tables")


def _backup_before_upgrade(conn: sqlite3.Connection, folder: Path, target: str) -> None:
    try:
        backup.make_backup(conn, folder, f"before schema upgrade to {target}")
    except backup.BackupError as exc:
        raise LibraryError(f"not upgrading the library without a backup: {exc}") from exc


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on any error."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # After an I/O error (a full disk) SQLite has rolled back already; a second
        # ROLLBACK would replace the real error with "no transaction is active".
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
