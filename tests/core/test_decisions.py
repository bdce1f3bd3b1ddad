"""The decision log: written by triage in the same transaction, never by imports; undo removes."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from reader.core import decisions
from reader.core.db import DB_NAME
from reader.core.library import Library
from reader.core.models import Status
from reader.feeds.files import read_feed

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"


def _ids(lib: Library) -> list[int]:
    return [row[0] for row in lib.conn.execute("SELECT id FROM papers ORDER BY id")]


def _log(lib: Library) -> list[tuple]:
    return [(d.paper_id, d.action, d.arg, d.from_status.value) for d in decisions.history(lib.conn)]


def test_each_triage_write_logs_what_it_decided(library: Library) -> None:
    a, b, c = _ids(library)[:3]
    library.set_status([a, b], Status.QUEUED)
    library.set_status([a], Status.READ)
    library.set_starred([c], True)
    library.set_starred([c], True)  # already starred: nothing decided
    library.add_tags([b], ["Vision"])
    library.remove_tags([b], ["vision"])
    library.trash([c])
    library.restore([c])
    library.save_note(a, "first")
    library.save_note(a, "an edit is not a new decision")
    assert _log(library) == [
        (a, "queue", None, "new"),
        (b, "queue", None, "new"),
        (a, "read", None, "queued"),
        (c, "star", None, "new"),
        (b, "tag", "Vision", "queued"),
        (b, "untag", "Vision", "queued"),
        (c, "trash", None, "new"),
        (c, "restore", None, "new"),
        (a, "note", None, "read"),
    ]
    stamps = [d.at for d in decisions.history(library.conn)]
    assert stamps == sorted(stamps) and all(s.endswith("Z") for s in stamps)
    assert {d.via for d in decisions.history(library.conn)} == {"user"}


def test_the_decision_and_its_log_commit_together(library: Library) -> None:
    a = _ids(library)[0]
    library.conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON decisions BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        library.set_status([a], Status.QUEUED)
    assert library.user_state([a])[a].status is Status.NEW  # no state without its log row


def test_imports_never_log(empty_library: Library) -> None:
    records = read_feed(SAMPLE).records
    empty_library.import_records(records, "hf-page:one")
    a = _ids(empty_library)[0]
    empty_library.set_starred([a], True)
    records[0] = dataclasses.replace(records[0], abstract=records[0].abstract + " Revised.")
    report = empty_library.import_records(records, "hf-page:two")
    assert report.updated == 1
    assert _log(empty_library) == [(a, "star", None, "new")]


def test_undo_removes_the_decision_and_redo_logs_it_again(library: Library) -> None:
    a, b = _ids(library)[:2]
    library.set_status([a], Status.QUEUED)
    before = library.user_state([a, b])
    library.set_status([a, b], Status.ARCHIVED)
    library.add_tags([a, b], ["x"])
    after = library.user_state([a, b])
    library.restore_user_state(before)  # one undo of two steps' worth
    assert _log(library) == [(a, "queue", None, "new")]
    library.restore_user_state(after)  # redo: decided again, now
    assert _log(library)[1:] == [
        (a, "archive", None, "queued"),
        (a, "tag", "x", "queued"),  # one change from the state before: the status it left
        (b, "archive", None, "new"),
        (b, "tag", "x", "new"),
    ]


def test_old_libraries_migrate_with_what_they_kept(library: Library) -> None:
    a, b, c = _ids(library)[:3]
    library.set_status([a], Status.READ)
    library.set_starred([b], True)
    library.add_tags([b], ["nlp"])
    library.trash([c])
    library.save_note(c, "kept")
    folder = library.folder
    library.close()
    with sqlite3.connect(folder / DB_NAME) as conn:  # the library as m008 left it
        conn.execute("DROP TABLE decisions")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_decisions'")
    conn.close()
    with Library(folder) as again:
        found = decisions.history(again.conn)
        assert sorted((d.paper_id, d.action, d.arg) for d in found) == sorted(
            [
                (a, "read", None),
                (b, "star", None),
                (b, "tag", "nlp"),
                (c, "trash", None),
                (c, "note", None),
            ]
        )
        assert {d.via for d in found} == {"migrated"}
        (tag,) = [d for d in found if d.action == "tag"]
        added = again.conn.execute("SELECT added FROM paper_tags").fetchone()[0]
        assert tag.at == added
