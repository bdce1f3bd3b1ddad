"""Verified, rotated backups of library.sqlite in `<library>/backups/`, and restoring one."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.core.plural import plural

BACKUP_DIR = "backups"
DB_FILE = "library.sqlite"  # == db.DB_NAME; db imports this module, not the other way
# Rotation: the newest backup of each of the last DAILY days and WEEKLY ISO weeks that
# have one, plus the RECENT newest of any kind (so "before import" copies survive a while).
DAILY, WEEKLY, RECENT = 7, 4, 5
_PREFIX, _SUFFIX = "library-", ".sqlite"
_STAMP = "%Y%m%dT%H%M%SZ"


class BackupError(Exception):
    """A backup that could not be made, verified or restored; the message says why."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file and what is known about it (from its sidecar `.json`)."""

    path: Path
    created: datetime
    reason: str
    papers: int | None
    size: int
    verified: bool

    def describe(self) -> str:
        """`2026-11-30 10:15 UTC, 107 papers` — enough to pick a backup by."""
        papers = "? papers" if self.papers is None else plural(self.papers, "paper", grouped=False)
        return f"{self.created:%Y-%m-%d %H:%M} UTC, {papers}"


@dataclass(frozen=True)
class Verification:
    """PRAGMA integrity_check on a copy, and the papers it holds."""

    ok: bool
    papers: int | None
    problem: str = ""


def backups_dir(folder: Path) -> Path:
    """Where a library keeps its backups."""
    return Path(folder) / BACKUP_DIR


def verify(path: Path) -> Verification:
    """Open a copy read-only and check it is a whole Reader library."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return Verification(False, None, str(exc))
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            return Verification(False, None, "; ".join(rows[:3]))
        papers = int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
        return Verification(True, papers)
    except sqlite3.Error as exc:
        return Verification(False, None, str(exc))
    finally:
        conn.close()


def make_backup(
    conn: sqlite3.Connection,
    folder: Path,
    reason: str,
    *,
    dest: Path | None = None,
    now: datetime | None = None,
) -> BackupInfo:
    """A consistent copy (VACUUM INTO) of conn's database, verified before it is kept.

    Without dest it goes to the library's backups/ with a sidecar and the folder is
    rotated; with dest it is written there (a folder gets a dated file name).
    """
    now = now or datetime.now(UTC)
    if dest is None:
        final = _free_name(backups_dir(folder), now)
    elif dest.is_dir():
        final = _free_name(dest, now)
    else:
        final = dest
        if final.exists():
            raise BackupError(f"{final} already exists; choose a new file name")
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(f".{final.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        conn.execute("VACUUM INTO ?", (str(partial),))
        check = verify(partial)
        if not check.ok:
            raise BackupError(f"the copy failed its integrity check ({check.problem})")
        _fsync(partial)
        os.replace(partial, final)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"could not write a backup to {final}: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    info = BackupInfo(final, now, reason, check.papers, final.stat().st_size, True)
    if dest is None:
        _write_sidecar(info)
        rotate(folder, now=now)
    return info


def _free_name(directory: Path, now: datetime) -> Path:
    base = f"{_PREFIX}{now.strftime(_STAMP)}"
    candidate, n = directory / f"{base}{_SUFFIX}", 2
    while candidate.exists():
        candidate, n = directory / f"{base}-{n}{_SUFFIX}", n + 1
    return candidate


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _write_sidecar(info: BackupInfo) -> None:
    data = {
        "created": info.created.isoformat(),
        "reason": info.reason,
        "papers": info.papers,
        "size": info.size,
        "verified": info.verified,
    }
    info.path.with_suffix(".json").write_text(json.dumps(data, indent=1) + "\n", "utf-8")


def _read(path: Path) -> BackupInfo:
    size = path.stat().st_size
    try:
        data = json.loads(path.with_suffix(".json").read_text("utf-8"))
        created = datetime.fromisoformat(data["created"])
        # A file whose size changed since it was verified is no longer the verified copy.
        verified = bool(data.get("verified")) and data.get("size") == size
        papers = data.get("papers")
        return BackupInfo(path, created, str(data.get("reason", "")), papers, size, verified)
    except (OSError, ValueError, KeyError, TypeError):
        return BackupInfo(path, _created_from_name(path), "", None, size, False)


def _created_from_name(path: Path) -> datetime:
    stamp = path.stem.removeprefix(_PREFIX)[: len("20260101T000000Z")]
    try:
        return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def list_backups(folder: Path) -> list[BackupInfo]:
    """Every backup in the library's backups/, newest first."""
    directory = backups_dir(folder)
    if not directory.is_dir():
        return []
    found = [_read(p) for p in directory.glob(f"{_PREFIX}*{_SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def newest_good_backup(folder: Path) -> BackupInfo | None:
    """The newest backup that was verified when made and is unchanged since."""
    return next((b for b in list_backups(folder) if b.verified), None)


def made_today(folder: Path, now: datetime | None = None) -> bool:
    """True when a verified backup was made on this (UTC) day."""
    today = (now or datetime.now(UTC)).date()
    return any(b.verified and b.created.date() == today for b in list_backups(folder))


def to_keep(backups: Iterable[BackupInfo]) -> set[Path]:
    """The rotation rule: RECENT newest, plus the newest of each of the last DAILY days
    and WEEKLY ISO weeks (unverified copies count for nothing)."""
    ordered = sorted(backups, key=lambda b: b.created, reverse=True)
    keep = {b.path for b in ordered[:RECENT]}
    days: dict[object, Path] = {}
    weeks: dict[object, Path] = {}
    for b in ordered:
        if b.verified:
            days.setdefault(b.created.date(), b.path)
            weeks.setdefault(b.created.isocalendar()[:2], b.path)
    keep |= set(list(days.values())[:DAILY]) | set(list(weeks.values())[:WEEKLY])
    return keep


def rotate(folder: Path, *, now: datetime | None = None) -> list[Path]:
    """Delete backups the rotation rule does not keep; return what was deleted."""
    backups = list_backups(folder)
    keep = to_keep(backups)
    gone = [b.path for b in backups if b.path not in keep]
    for path in gone:
        path.unlink(missing_ok=True)
        path.with_suffix(".json").unlink(missing_ok=True)
    return gone


def resolve(folder: Path, name: str) -> Path:
    """A backup named by path, or by its file name in backups/."""
    given = Path(name).expanduser()
    for candidate in (given, backups_dir(folder) / given.name):
        if candidate.is_file():
            return candidate
    raise BackupError(f"no backup file {name} (see `reader backup list`)")


def set_aside_damaged(folder: Path, now: datetime | None = None) -> Path:
    """Move a damaged library.sqlite (and its -wal/-shm) into backups/damaged-…, untouched."""
    now = now or datetime.now(UTC)
    target = backups_dir(folder) / f"damaged-{now.strftime(_STAMP)}"
    target.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        source = Path(folder) / f"{DB_FILE}{suffix}"
        if source.exists():
            shutil.move(str(source), str(target / source.name))
    return target


def copy_into_place(source: Path, folder: Path) -> None:
    """Install a backup as library.sqlite where no database is (after set_aside_damaged)."""
    target = Path(folder) / DB_FILE
    partial = target.with_name(f".{DB_FILE}.restoring")
    shutil.copyfile(source, partial)
    _fsync(partial)
    os.replace(partial, target)


def copy_over(source: Path, conn: sqlite3.Connection) -> None:
    """Replace the live database's content with source's through SQLite's backup API,
    which takes the locks, so other processes' connections see it as one commit."""
    with contextlib.closing(
        sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
    ) as src:
        src.backup(conn)
