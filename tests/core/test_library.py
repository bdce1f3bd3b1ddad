"""The Library on a real SQLite file and a real Whoosh index: import, user data, search."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reader.core import health, listing, queries
from reader.core.db import transaction
from reader.core.library import Library
from reader.core.models import Author, PaperRecord, Status
from reader.feeds import FeedError
from reader.feeds.files import read_feed

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-feed.txt"


def _ids(lib: Library) -> list[int]:
    """Every paper id in the order the papers entered the library."""
    return [row[0] for row in lib.conn.execute("SELECT id FROM papers ORDER BY id")]


def _snapshot(lib: Library) -> list[tuple]:
    """Every row of every table: to prove a write changed nothing."""
    tables = ["papers", "authors", "links", "paper_state", "tags", "paper_tags", "notes"]
    return [tuple(lib.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2")) for t in tables]


def test_sample_import_counts_and_exact_text(library: Library) -> None:
    papers = queries.load_papers(library.conn, _ids(library))
    records = read_feed(SAMPLE).records
    assert len(papers) == 107
    assert [p.title for p in papers] == [r.title for r in records]
    assert [p.abstract for p in papers] == [r.abstract for r in records]
    assert sum(1 for p in papers if p.links) == 33
    assert len({p.citekey for p in papers}) == 107
    assert papers[0].citekey == "VisionTransformersOutperform"
    assert all(p.status is Status.NEW and not p.starred for p in papers)


def test_reimport_adds_and_writes_nothing(library: Library) -> None:
    before = _snapshot(library)
    report = library.import_records(read_feed(SAMPLE).records, "hf-page:again")
    assert report.summary() == "0 new, 0 updated, 107 unchanged, 0 skipped"
    assert _snapshot(library) == before
    assert library.pending_index_changes() == 0


def test_user_data_survives_reimport_of_changed_feed(library: Library) -> None:
    first, second = _ids(library)[:2]
    library.set_starred([first], True)
    library.add_tags([first, second], ["Vision"])
    library.set_status([second], Status.QUEUED)
    library.save_note(first, "# My note\nkeep me")
    records = read_feed(SAMPLE).records
    records[0] = dataclasses.replace(records[0], abstract=records[0].abstract + " Revised.")
    report = library.import_records(records, "hf-page:revised")
    assert (report.new, report.updated, report.unchanged) == (0, 1, 106)
    p1, p2 = queries.load_papers(library.conn, [first, second])
    assert p1.abstract.endswith(" Revised.")
    assert p1.starred and p1.tags == ("Vision",) and p1.note == "# My note\nkeep me"
    assert p2.status is Status.QUEUED and p2.tags == ("Vision",)


def test_richer_source_merges_into_the_title_only_paper(library: Library) -> None:
    paper = queries.load_papers(library.conn, _ids(library)[:1])[0]
    library.add_tags([paper.id], ["keep"])
    richer = PaperRecord(
        title=paper.title.upper(),
        abstract=paper.abstract,
        authors=(Author("Xiangning Chen", "Chen", "Xiangning"),),
        arxiv_id="2106.01548",
        arxiv_version=2,
        published="2021-06-03",
    )
    report = library.import_records([richer], "arxiv:test")
    assert (report.new, report.updated) == (0, 1)
    (merged,) = queries.load_papers(library.conn, [paper.id])
    assert merged.arxiv_id == "2106.01548" and merged.year == 2021
    assert [a.family for a in merged.authors] == ["Chen"]
    assert merged.citekey == paper.citekey  # never changed silently
    assert merged.tags == ("keep",)
    assert merged.links == paper.links
    # the title-only page imported again does not erase what arXiv added
    library.import_records(read_feed(SAMPLE).records, "hf-page:again")
    (again,) = queries.load_papers(library.conn, [paper.id])
    assert again.arxiv_id == "2106.01548" and again.authors == merged.authors


def test_same_paper_twice_in_one_feed_is_skipped(empty_library: Library) -> None:
    rec = PaperRecord("A Paper", "Its abstract.", line=3)
    report = empty_library.import_records([rec, dataclasses.replace(rec, line=9)], "t")
    assert report.new == 1
    assert [(s.where, s.reason) for s in report.skipped] == [("line 9", "same paper as line 3")]


def test_citekey_clash_gets_suffix(empty_library: Library) -> None:
    recs = [PaperRecord("Deep Residual Learning"), PaperRecord("Deep Residual Learning, Again")]
    empty_library.import_records(recs, "t")
    keys = [p.citekey for p in queries.load_papers(empty_library.conn, _ids(empty_library))]
    assert keys == ["DeepResidualLearning", "DeepResidualLearninga"]


def test_search_finds_words_only_in_notes_and_tags(library: Library) -> None:
    first, second = _ids(library)[:2]
    assert library.index.search("zebrafish").ids == []
    library.save_note(first, "Reminds me of **zebrafish** retina work.")
    library.add_tags([second], ["Neuromorphic"])
    assert library.index.search("zebrafish").ids == [first]
    assert library.index.search("note:zebrafish").ids == [first]
    assert library.index.search("neuromorphic").ids == [second]
    assert library.index.search("tag:neuromorphic").ids == [second]
    library.save_note(first, "")
    assert library.index.search("zebrafish").ids == []


def test_query_language(library: Library) -> None:
    ids = _ids(library)
    library.set_starred(ids[:3], True)
    library.set_status(ids[3:5], Status.QUEUED)
    assert sorted(library.index.search("is:starred").ids) == sorted(ids[:3])
    assert sorted(library.index.search("status:queued").ids) == sorted(ids[3:5])
    assert library.index.search('title:"vision transformers"').total >= 1
    assert library.index.search("transformer AND NOT vision").total >= 1
    assert library.index.search("incep*").total >= 2
    by_title = library.index.search("transformer", sort="title").ids
    titles = [p.title.casefold() for p in queries.load_papers(library.conn, by_title)]
    assert titles == sorted(titles)


def test_year_queries(empty_library: Library) -> None:
    recs = [PaperRecord(f"Paper {y}", "text", published=f"{y}-03-01") for y in (2019, 2021, 2024)]
    empty_library.import_records(recs, "t")
    years = {
        q: [
            p.year
            for p in queries.load_papers(
                empty_library.conn, empty_library.index.search(q, sort="date").ids
            )
        ]
        for q in ("year:2021", "year:[2020 TO 2024]", "year:>2020")
    }
    assert years == {
        "year:2021": [2021],
        "year:[2020 TO 2024]": [2024, 2021],
        "year:>2020": [2024, 2021],
    }


def test_tags_match_case_insensitively_and_keep_first_case(library: Library) -> None:
    a, b = _ids(library)[:2]
    library.add_tags([a], ["LLM"])
    library.add_tags([b], ["llm"])
    assert queries.tag_counts(library.conn) == [("LLM", 2)]
    changes = library.remove_tags([a, b], ["Llm"])
    assert changes.ids == {a, b}


def test_trash_hides_from_views_and_search(library: Library) -> None:
    first = _ids(library)[0]
    library.trash([first])
    assert first not in listing.view_ids(library.conn)
    assert listing.view_ids(library.conn, "trash") == [first]
    assert first not in library.index.search("vision").ids
    assert first in library.index.search("is:trashed").ids
    library.restore([first])
    assert first in library.index.search("vision").ids


def test_writes_report_only_what_changed(library: Library) -> None:
    ids = _ids(library)[:3]
    library.set_starred(ids[:1], True)
    changes = library.set_starred(ids, True)
    assert changes.ids == set(ids[1:]) and changes.kinds == {"star"}
    assert not library.save_note(ids[0], "")


def test_bad_file_is_refused_and_library_untouched(library: Library, tmp_path: Path) -> None:
    before = _snapshot(library)
    bad = tmp_path / "notes.txt"
    bad.write_text("shopping list\n\nmilk\n")
    with pytest.raises(FeedError, match=r"notes\.txt: no papers found"):
        read_feed(bad)
    with pytest.raises(FeedError, match="is empty"):
        (tmp_path / "empty.txt").write_bytes(b"")
        read_feed(tmp_path / "empty.txt")
    assert _snapshot(library) == before


def test_failed_import_rolls_back(library: Library) -> None:
    before = _snapshot(library)
    good = PaperRecord("A Brand New Paper", "abstract")

    def explode(n: int, total: int) -> None:
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        library.import_records([good] * 250, "t", progress=explode)
    assert _snapshot(library) == before


def test_index_catches_up_after_a_crash_between_commit_and_indexing(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        lib.import_records(read_feed(SAMPLE).records, "t")
        first = _ids(lib)[0]
        # What a process killed after COMMIT but before indexing leaves behind:
        with transaction(lib.db) as conn:
            conn.execute(
                "INSERT INTO notes (paper_id, body, modified) VALUES (?, 'axolotl', 'now')",
                (first,),
            )
        assert lib.pending_index_changes() == 1
    with Library(folder) as reopened:
        assert reopened.pending_index_changes() == 0
        assert reopened.index.search("axolotl").ids == [first]
        assert health.check(reopened) == []


def test_check_finds_and_reindex_repairs_a_damaged_index(library: Library) -> None:
    first = _ids(library)[0]
    library.index.apply([], deleted=[first])
    assert health.check(library) == ["1 paper missing from the search index"]
    assert library.reindex() == 107
    assert health.check(library) == []


def test_a_second_process_view_sees_writes(library: Library) -> None:
    other = Library(library.folder)
    try:
        first = _ids(library)[0]
        library.set_starred([first], True)
        other.index.refresh()
        assert other.index.search("is:starred").ids == [first]
        assert queries.load_papers(other.conn, [first])[0].starred
    finally:
        other.close()


def test_another_process_rebuild_is_picked_up(library: Library) -> None:
    other = Library(library.folder)
    try:
        first = _ids(library)[0]
        assert other.index.search("axolotl").ids == []
        library.save_note(first, "axolotl")
        library.reindex()  # swaps a new index folder in under the other reader
        other.index.refresh()
        assert other.index.search("axolotl").ids == [first]
    finally:
        other.close()


def test_limited_search_reports_a_total_and_skips_trash(library: Library) -> None:
    everything = library.index.search("learning")
    assert everything.total == len(everything.ids) > 10
    library.trash(everything.ids[:3])
    top = library.index.search("learning", limit=5)
    assert len(top.ids) == 5 and not set(top.ids) & set(everything.ids[:3])
    assert top.total >= 5


@pytest.mark.parametrize("sort", ["date", "title", "added"])
def test_sorted_searches_skip_replaced_and_trashed_documents(library: Library, sort: str) -> None:
    ids = _ids(library)[:4]
    library.set_starred(ids, True)
    library.add_tags(ids, ["x"])  # each write replaces the paper's document
    library.set_status(ids[:2], Status.READ)
    library.trash(ids[3:])
    hits = library.index.search("is:starred tag:x", sort=sort)
    assert sorted(hits.ids) == sorted(ids[:3]) and hits.total == 3
    limited = library.index.search("is:starred", sort=sort, limit=2)
    assert limited.ids == hits.ids[:2] and limited.total == 3


def test_a_note_changed_since_its_base_is_merged_not_overwritten(library: Library) -> None:
    first = _ids(library)[0]
    library.save_note(first, "mine v1")
    with Library(library.folder) as other:  # another process writes meanwhile
        other.save_note(first, "theirs")

    def both(stored: str, ours: str) -> str:
        return f"{stored} + {ours}"

    assert library.save_note(first, "mine v2", base="mine v1", merge=both)
    assert queries.load_papers(library.conn, [first])[0].note == "theirs + mine v2"
    # Unchanged since the base: a plain save, no merge.
    library.save_note(first, "final", base="theirs + mine v2", merge=both)
    assert queries.load_papers(library.conn, [first])[0].note == "final"
