"""Restoring a backup: the current state is backed up (or set aside) first, the index rebuilt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.core import backup
from reader.core.backup import BackupError
from reader.core.db import DamagedLibraryError
from reader.core.library import Library
from reader.core.migrations import migrations


@dataclass(frozen=True)
class Restored:
    """What a restore did: the papers now in the library and where the old state went."""

    source: Path
    papers: int
    previous: Path  # the backup of the state replaced, or the folder a damaged file went to
    indexed: int


def restore_backup(lib: Library, source: Path) -> Restored:
    """Replace an open library's content with a backup's, in place (other processes'
    connections see one commit); the state replaced is backed up first."""
    lib.require_writable("restore a backup")
    check = _verified(source)
    safety = lib.backup(f"before restoring {source.name}")
    backup.copy_over(source, lib.conn)
    if migrations.pending(lib.db):  # a backup from an older version of Reader
        migrations.apply(lib.db)
    return Restored(source, check, safety.path, lib.reindex())


def restore_library(folder: Path, source: Path) -> Restored:
    """Restore into a library folder, whatever state its database is in: a damaged file is
    moved aside untouched (to backups/damaged-…) and the backup copied in its place."""
    source = Path(source).resolve()
    _verified(source)
    try:
        with Library(folder) as lib:
            return restore_backup(lib, source)
    except DamagedLibraryError:
        pass
    papers = _verified(source)
    aside = backup.set_aside_damaged(folder)
    backup.copy_into_place(source, folder)
    with Library(folder) as lib:
        return Restored(source, papers, aside, lib.reindex())


def _verified(source: Path) -> int:
    check = backup.verify(source)
    if not check.ok or check.papers is None:
        raise BackupError(f"{source} is not a good backup ({check.problem}); nothing changed")
    return check.papers
