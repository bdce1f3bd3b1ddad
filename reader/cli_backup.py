"""`reader backup [--to PATH]`, `reader backup list`, `reader backup restore FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.core import backup
from reader.core.backup import BackupError, BackupInfo
from reader.core.db import DB_NAME, DamagedLibraryError, LibraryError, readonly_reason
from reader.core.library import Library
from reader.core.plural import plural
from reader.core.restore import restore_library


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The backup command's grammar."""
    text = "make a verified backup now; `backup list`; `backup restore FILE`"
    p = sub.add_parser("backup", help=text, description=text, parents=[common])
    p.add_argument("action", nargs="?", choices=["list", "restore"], metavar="list|restore")
    p.add_argument("file", nargs="?", metavar="FILE", help="for restore: a file from backup list")
    p.add_argument("--to", type=Path, metavar="PATH", help="write the backup here instead")


def restore_hint(exc: DamagedLibraryError) -> str:
    """The command that brings the newest good backup back, for a damaged library."""
    if exc.backup is None:
        return ""
    return f"\nrestore it with: reader backup restore {exc.backup.path.name}"


def run(folder: Path, ns: argparse.Namespace) -> int:
    """Dispatch the backup command; errors are reported in one line by the caller."""
    if ns.action != "restore" and ns.file:
        raise BackupError(f"unexpected argument {ns.file!r}; `reader backup restore FILE`?")
    if ns.action == "list":
        return _list(folder)
    if ns.action == "restore":
        if not ns.file:
            raise BackupError("which one? `reader backup restore FILE` (see `reader backup list`)")
        return _restore(folder, ns.file)
    return _make(folder, ns.to)


def _make(folder: Path, dest: Path | None) -> int:
    if not (folder / DB_NAME).exists():
        raise LibraryError(f"no library at {folder} to back up")
    reason = readonly_reason(folder)
    if reason and dest is None:
        raise LibraryError(f"cannot write backups/ ({reason}); give a place with --to PATH")
    with Library(folder, readonly=reason is not None) as lib:
        info = lib.backup("on request", dest=dest)
    kept = plural(info.papers or 0, "paper", grouped=False)
    print(f"backed up {kept} to {info.path} ({_size(info.size)}, verified)")
    return 0


def _list(folder: Path) -> int:
    found = backup.list_backups(folder)
    if not found:
        print(f"no backups in {backup.backups_dir(folder)} yet (make one with: reader backup)")
        return 0
    for info in found:
        print(_line(info))
    return 0


def _line(info: BackupInfo) -> str:
    papers = "?" if info.papers is None else f"{info.papers}"
    state = "verified" if info.verified else "UNVERIFIED"
    reason = info.reason or "(no record)"
    return (
        f"{info.created:%Y-%m-%d %H:%M:%S} UTC  {_size(info.size):>9}  {papers:>7} papers  "
        f"{state:<10}  {reason:<36}  {info.path.name}"
    )


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024**2:
        return f"{size / 1024:.1f} KB"
    if size < 1024**3:
        return f"{size / 1024**2:.1f} MB"
    return f"{size / 1024**3:.1f} GB"


def _restore(folder: Path, name: str) -> int:
    reason = readonly_reason(folder)
    if reason:
        raise LibraryError(f"cannot restore into a read-only library ({reason})")
    source = backup.resolve(folder, name)
    done = restore_library(folder, source)
    back = plural(done.papers, "paper", grouped=False)
    print(f"restored {back} from {source.name}; search index rebuilt")
    print(f"the state before the restore is kept in {done.previous}")
    return 0
