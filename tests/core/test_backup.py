"""Backups: verified copies, rotation, the hooks before destructive work, restoring."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from reader.core import backup, health, queries
from reader.core.backup import BackupError
from reader.core.db import DB_NAME, DamagedLibraryError, connect
from reader.core.library import BIG_IMPORT, Library
from reader.core.migrations import migrations
from reader.core.models import PaperRecord
from reader.core.restore import restore_backup, restore_library


def reasons(folder: Path) -> list[str]:
    return [b.reason for b in backup.list_backups(folder)]


def test_a_backup_is_a_verified_copy_with_its_paper_count(library: Library) -> None:
    info = library.backup("on request")
    assert info.path.parent == library.folder / "backups"
    (listed,) = backup.list_backups(library.folder)
    assert listed == info
    assert listed.verified and listed.papers == 107 and listed.reason == "on request"
    with sqlite3.connect(info.path) as copy:
        assert copy.execute("SELECT count(*) FROM papers").fetchone()[0] == 107


def test_daily_backup_once_a_day_and_not_for_an_empty_library(empty_library: Library) -> None:
    lib = empty_library
    assert lib.daily_backup() is None
    lib.import_records(_records(3), "test")
    first = lib.daily_backup()
    assert first is not None and first.reason == "daily" and first.papers == 3
    assert lib.daily_backup() is None
    assert reasons(lib.folder) == ["daily"]


def test_a_changed_copy_is_no_longer_listed_as_good(library: Library) -> None:
    older = library.backup("first")
    newer = library.backup("second")
    data = bytearray(newer.path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = b"\xa5" * 8192
    newer.path.write_bytes(bytes(data) + b"x")
    assert not backup.verify(newer.path).ok
    assert backup.newest_good_backup(library.folder) == older


def test_rotation_keeps_the_last_days_and_weeks(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        lib.import_records([PaperRecord(title="One paper")], "test")
        start = datetime(2026, 1, 5, 9, tzinfo=UTC)  # a Monday
        for day in range(60):
            for hour in (0, 5):  # two a day: the later one is the day's keeper
                when = start + timedelta(days=day, hours=hour)
                backup.make_backup(lib.conn, folder, f"day {day} +{hour}", now=when)
    kept = backup.list_backups(folder)
    got = {b.reason for b in kept}
    recent = {f"day {d} +{h}" for d in (59, 58) for h in (0, 5)} | {"day 57 +5"}
    daily = {f"day {d} +5" for d in range(53, 60)}
    # ISO weeks start on Monday = day 0, 7, ...; the newest of a week is its Sunday.
    weekly = {"day 59 +5", "day 55 +5", "day 48 +5", "day 41 +5"}
    assert got == recent | daily | weekly
    assert len(list((folder / "backups").glob("*.json"))) == len(kept)


def _records(n: int) -> list[PaperRecord]:
    return [PaperRecord(title=f"Generated paper number {i}") for i in range(n)]


def test_backups_before_destructive_operations(library: Library) -> None:
    library.add_tags([1, 2], ["alpha"])
    library.add_tags([3], ["beta"])
    library.import_records(_records(5), "small")  # small imports: no backup
    library.rename_tag("alpha", "gamma")  # a plain rename loses nothing: no backup
    assert reasons(library.folder) == []
    library.rename_tag("gamma", "beta")
    library.delete_tag("beta")
    library.trash([4])
    library.empty_trash()
    library.import_records(_records(BIG_IMPORT + 1), "big-feed")
    library.undo_import()
    assert reasons(library.folder) == [
        "before undoing an import",
        f"before import of big-feed ({BIG_IMPORT + 1} records)",
        "before emptying the trash",
        "before deleting tag beta",
        "before merging tag gamma into beta",
    ]
    merged = backup.list_backups(library.folder)[-1]
    with sqlite3.connect(merged.path) as copy:  # the copy holds the state before the merge
        assert {r[0] for r in copy.execute("SELECT name FROM tags")} == {"gamma", "beta"}


def test_backup_before_a_schema_migration(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    last = migrations.pending(sqlite_utils.Database(memory=True))[-1].name
    db = sqlite_utils.Database(folder / DB_NAME)
    migrations.apply(db, stop_before=last)
    db.conn.close()
    connect(folder).close()
    (made,) = backup.list_backups(folder)
    assert made.reason == f"before schema upgrade to {last}" and made.verified


@pytest.mark.parametrize("content", [b"", b"this is not a database" * 100])
def test_an_empty_or_foreign_database_file_is_refused_never_reinitialised(
    library: Library, content: bytes
) -> None:
    folder = library.folder
    good = library.backup("before the accident")
    library.close()
    for suffix in ("-wal", "-shm"):
        (folder / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
    (folder / DB_NAME).write_bytes(content)
    with pytest.raises(DamagedLibraryError) as caught:
        Library(folder)
    assert str(folder / DB_NAME) in str(caught.value)
    assert str(good.path) in str(caught.value) and caught.value.backup == good
    assert (folder / DB_NAME).read_bytes() == content


def test_restore_round_trip_backs_up_the_current_state_and_rebuilds_the_index(
    library: Library,
) -> None:
    before = library.backup("known good")
    library.add_tags([7], ["later"])
    library.save_note(7, "a note written after the backup")
    done = restore_backup(library, before.path)
    assert done.papers == 107 and done.indexed == 107
    assert library.index.search("tag:later").ids == []
    assert queries.load_papers(library.conn, [7])[0].note == ""
    assert health.check(library) == []
    with sqlite3.connect(done.previous) as copy:  # what the restore replaced is kept
        assert copy.execute("SELECT body FROM notes").fetchall() == [
            ("a note written after the backup",)
        ]


def test_restore_into_a_damaged_library_sets_the_damaged_file_aside(library: Library) -> None:
    folder = library.folder
    good = library.backup("good")
    library.close()
    (folder / DB_NAME).write_bytes(b"")
    done = restore_library(folder, good.path)
    assert done.previous.name.startswith("damaged-")
    assert (done.previous / DB_NAME).read_bytes() == b""
    with Library(folder) as lib:
        assert queries.paper_count(lib.conn) == 107 and health.check(lib) == []


def test_a_bad_backup_is_not_restored(library: Library, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"junk" * 1000)
    with pytest.raises(BackupError):
        restore_backup(library, junk)
    assert queries.paper_count(library.conn) == 107 and backup.list_backups(library.folder) == []
