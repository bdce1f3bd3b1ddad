"""Tag management and the user-state snapshots undo/redo are built on."""

from __future__ import annotations

import pytest

from reader.core import health, queries
from reader.core.library import Library
from reader.core.models import Status


def _ids(lib: Library) -> list[int]:
    return [row[0] for row in lib.conn.execute("SELECT id FROM papers ORDER BY id")]


def _tags(lib: Library, ids: list[int]) -> list[tuple[str, ...]]:
    return [p.tags for p in queries.load_papers(lib.conn, ids)]


def test_rename_keeps_papers_and_updates_search(library: Library) -> None:
    ids = _ids(library)[:3]
    library.add_tags(ids, ["vision"])
    changes = library.rename_tag("Vision", "Computer-Vision")
    assert changes.ids == set(ids)
    assert _tags(library, ids) == [("Computer-Vision",)] * 3
    assert sorted(library.index.search("tag:computer-vision").ids) == ids
    assert library.index.search("tag:vision").ids == []


def test_rename_onto_an_existing_tag_merges(library: Library) -> None:
    a, b, c = _ids(library)[:3]
    library.add_tags([a, b], ["cv"])
    library.add_tags([b, c], ["Vision"])
    library.rename_tag("cv", "vision")
    assert _tags(library, [a, b, c]) == [("Vision",)] * 3
    assert queries.tag_counts(library.conn) == [("Vision", 3)]


def test_delete_tag(library: Library) -> None:
    a, b = _ids(library)[:2]
    library.add_tags([a, b], ["tmp", "keep"])
    assert library.delete_tag("TMP").ids == {a, b}
    assert _tags(library, [a, b]) == [("keep",), ("keep",)]
    assert queries.tag_counts(library.conn) == [("keep", 2)]


def test_rename_unknown_tag_or_to_nothing(library: Library) -> None:
    with pytest.raises(KeyError):
        library.rename_tag("nope", "x")
    library.add_tags(_ids(library)[:1], ["x"])
    with pytest.raises(ValueError):
        library.rename_tag("x", "  ")


def test_bulk_tag_undo_restores_each_paper_exactly(library: Library) -> None:
    ids = _ids(library)[:50]
    library.add_tags(ids[:10], ["vision"])
    library.add_tags(ids[5:20], ["Old"])
    library.set_starred(ids[::7], True)
    library.set_status(ids[::3], Status.QUEUED)
    before = library.user_state(ids)
    library.add_tags(ids, ["bulk"])
    library.set_status(ids, Status.ARCHIVED)
    after = library.user_state(ids)
    undone = library.restore_user_state(before)
    assert undone.ids == set(ids)
    assert library.user_state(ids) == before
    assert library.index.search("tag:bulk").ids == []
    library.restore_user_state(after)
    assert library.user_state(ids) == after
    assert len(library.index.search("tag:bulk").ids) == 50


def test_undo_of_tag_delete_brings_the_tag_back(library: Library) -> None:
    a, b = _ids(library)[:2]
    library.add_tags([a, b], ["Thesis"])
    before = library.user_state([a, b])
    library.delete_tag("thesis")
    library.restore_user_state(before)
    assert _tags(library, [a, b]) == [("Thesis",), ("Thesis",)]


def test_empty_trash_deletes_for_good(library: Library) -> None:
    a, b = _ids(library)[:2]
    library.save_note(a, "gone with it")
    library.add_tags([a], ["t"])
    library.trash([a])
    changes = library.empty_trash()
    assert changes.ids == {a}
    assert queries.load_papers(library.conn, [a, b])[0].id == b
    assert library.index.search("is:trashed").ids == []
    assert health.check(library) == []
