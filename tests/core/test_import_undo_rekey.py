"""Undoing an import, and rekeying papers that now have authors and a year."""

from __future__ import annotations

import pytest

from reader.core import health, queries
from reader.core.import_log import UndoError, imports, paper_sources
from reader.core.library import Library
from reader.core.models import Author, PaperRecord

VIT_TITLE = (
    "When Vision Transformers Outperform ResNets without Pre-training or Strong Data Augmentations"
)


def _rows(lib: Library) -> list[tuple]:
    tables = ["papers", "authors", "categories", "links", "paper_state", "paper_tags", "notes"]
    return [tuple(lib.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2")) for t in tables]


def _all(lib: Library) -> list[int]:
    return [r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id")]


def _arxiv(version: int = 2) -> PaperRecord:
    return PaperRecord(
        VIT_TITLE,
        "New abstract.",
        authors=(Author("Xiangning Chen", "Chen", "Xiangning"),),
        arxiv_id="2106.01548",
        arxiv_version=version,
        published="2021-06-03",
        categories=("cs.CV",),
    )


def test_undo_puts_the_library_back_as_it_was(library: Library) -> None:
    before = _rows(library)
    new = [PaperRecord(f"Brand new paper {n}", "abstract") for n in range(3)]
    report = library.import_records([_arxiv(), *new], "arxiv-api:mixed.xml")
    assert (report.new, report.updated) == (3, 1)
    undo = library.undo_import()
    assert (undo.import_id, undo.removed, undo.restored, undo.kept) == (report.import_id, 3, 1, 0)
    assert _rows(library) == before
    assert library.index.search("brand").ids == []
    assert health.check(library) == []
    assert imports(library.conn)[0].undone is not None
    paper_id = library.conn.execute("SELECT id FROM papers WHERE title = ?", (VIT_TITLE,))
    kinds = [s.kind for s in paper_sources(library.conn, paper_id.fetchone()[0])]
    assert kinds == ["hf-page"]


def test_undo_keeps_papers_the_user_touched_since(empty_library: Library) -> None:
    lib = empty_library
    recs = [PaperRecord(f"Paper {n}", "x") for n in range(4)]
    lib.import_records(recs, "bibtex:a.bib")
    lib.set_starred([1], True)
    lib.add_tags([2], ["keep"])
    lib.save_note(3, "my note")
    undo = lib.undo_import()
    assert (undo.removed, undo.kept) == (1, 3)
    assert [p.id for p in queries.load_papers(lib.conn, [1, 2, 3, 4])] == [1, 2, 3]
    with pytest.raises(UndoError, match="no import to undo"):
        lib.undo_import()
    with pytest.raises(UndoError, match="already undone"):
        lib.undo_import(undo.import_id)


def test_undo_leaves_papers_a_later_import_changed(library: Library) -> None:
    first = library.import_records([_arxiv(2)], "arxiv-api:v2.xml")
    library.import_records([_arxiv(3)], "arxiv-api:v3.xml")
    undo = library.undo_import(first.import_id)
    assert (undo.restored, undo.kept) == (0, 1)


def test_rekey_recomputes_keys_of_papers_with_authors_and_a_year(library: Library) -> None:
    library.import_records([_arxiv()], "arxiv-api:vit.xml")
    dry = library.rekey(_all(library), dry_run=True)
    assert [(c.old, c.new, c.used) for c in dry] == [
        ("VisionTransformersOutperform", "chenVisionTransformersOutperform2021", None)
    ]
    assert queries.resolve(library.conn, "VisionTransformersOutperform") is not None
    (change,) = library.rekey(_all(library))
    assert queries.resolve(library.conn, change.new) == change.paper_id
    assert library.index.search("key:chenVisionTransformersOutperform2021").ids == [change.paper_id]
    assert library.rekey(_all(library)) == []  # nothing left to do
    library.set_citekeys({change.paper_id: change.old})  # what the GUI's undo does
    assert queries.resolve(library.conn, change.old) == change.paper_id


def test_rekey_skips_used_keys_unless_forced(library: Library) -> None:
    library.import_records([_arxiv()], "arxiv-api:vit.xml")
    paper_id = queries.resolve(library.conn, "VisionTransformersOutperform")
    assert paper_id is not None
    library.record_key_use([paper_id], "copied")
    (skipped,) = library.rekey([paper_id])
    assert skipped.used == "copied"
    assert queries.resolve(library.conn, "VisionTransformersOutperform") == paper_id
    (forced,) = library.rekey([paper_id], force=True)
    assert queries.resolve(library.conn, forced.new) == paper_id


def test_rekey_never_touches_keys_from_the_users_bib(empty_library: Library) -> None:
    rec = PaperRecord(
        "Deep Residual Learning",
        authors=(Author("Kaiming He", "He"),),
        year=2016,
        citekey_hint="he2016",
    )
    empty_library.import_records([rec], "bibtex:refs.bib")
    (change,) = empty_library.rekey([1])
    assert change.used and change.used.startswith("imported from")
    assert queries.load_papers(empty_library.conn, [1])[0].citekey == "he2016"


def test_rekey_swaps_keys_without_clashing(empty_library: Library) -> None:
    lib = empty_library
    lib.import_records([PaperRecord("Alpha"), PaperRecord("Beta")], "t")
    changes = lib.set_citekeys({1: "Beta", 2: "Alpha"})
    assert changes.ids == {1, 2}
    assert [p.citekey for p in queries.load_papers(lib.conn, [1, 2])] == ["Beta", "Alpha"]
