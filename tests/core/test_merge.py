"""One paper per work across sources: identity, filling, new versions, pending identifiers."""

from __future__ import annotations

import dataclasses

from reader.core import queries
from reader.core.import_log import paper_sources
from reader.core.library import Library
from reader.core.models import Author, Link, PaperRecord, Status

VIT_TITLE = (
    "When Vision Transformers Outperform ResNets without Pre-training or Strong Data Augmentations"
)
AUTHORS = (
    Author("Xiangning Chen", "Chen", "Xiangning"),
    Author("Cho-Jui Hsieh", "Hsieh", "Cho-Jui"),
    Author("Boqing Gong", "Gong", "Boqing"),
)


def _vit(lib: Library):
    (paper_id,) = [
        r[0] for r in lib.conn.execute("SELECT id FROM papers WHERE title = ?", (VIT_TITLE,))
    ]
    return queries.load_papers(lib.conn, [paper_id])[0]


def _arxiv(abstract: str, version: int = 1, **extra: object) -> PaperRecord:
    values: dict = {
        "title": VIT_TITLE,
        "abstract": abstract,
        "authors": AUTHORS,
        "arxiv_id": "2106.01548",
        "arxiv_version": version,
        "published": "2021-06-03T17:47:20Z",
        "updated": f"2021-0{5 + version}-01T00:00:00Z",
        "categories": ("cs.CV", "cs.LG"),
        "links": (Link("abs", "https://arxiv.org/abs/2106.01548"),),
    }
    values.update(extra)
    return PaperRecord(**values)


def test_richer_source_fills_and_keeps_key_and_user_data(library: Library) -> None:
    page = _vit(library)
    library.set_starred([page.id], True)
    library.save_note(page.id, "mine")
    report = library.import_records([_arxiv("A different abstract.", 2)], "arxiv-api:vit.xml")
    assert (report.new, report.updated) == (0, 1)
    assert queries.paper_count(library.conn) == 107
    merged = _vit(library)
    assert [a.name for a in merged.authors] == [a.name for a in AUTHORS]
    assert merged.year == 2021 and merged.arxiv_id == "2106.01548"
    assert merged.categories == ("cs.CV", "cs.LG")
    assert merged.citekey == page.citekey == "VisionTransformersOutperform"
    assert merged.abstract == page.abstract  # another source fills, it does not overwrite
    assert merged.starred and merged.note == "mine"
    kinds = [s.kind for s in paper_sources(library.conn, merged.id)]
    assert kinds == ["hf-page", "arxiv-api"]


def test_identity_by_version_less_arxiv_id_then_case_folded_doi(empty_library: Library) -> None:
    lib = empty_library
    lib.import_records([PaperRecord("First title", arxiv_id="2101.00001", arxiv_version=1)], "a")
    lib.import_records([PaperRecord("Other", doi="10.1000/ABC.def")], "a")
    report = lib.import_records(
        [
            PaperRecord("Renamed", arxiv_id="2101.00001", arxiv_version=1),
            PaperRecord("Also renamed", doi="https://doi.org/10.1000/abc.DEF", venue="J. Tests"),
        ],
        "bibtex:refs.bib",
    )
    assert report.new == 0 and queries.paper_count(lib.conn) == 2
    papers = queries.load_papers(lib.conn, [1, 2])
    assert [p.title for p in papers] == ["First title", "Other"]
    assert papers[1].venue == "J. Tests" and papers[1].doi == "10.1000/abc.def"


def test_bibtex_key_becomes_the_citekey_when_free_and_valid(empty_library: Library) -> None:
    recs = [
        PaperRecord("Deep Residual Learning", citekey_hint="he2016deep", year=2016),
        PaperRecord("Attention Is All You Need", citekey_hint="he2016deep"),  # taken
        PaperRecord("Adam", citekey_hint="bad key{}", authors=(Author("D. Kingma", "Kingma"),)),
    ]
    empty_library.import_records(recs, "bibtex:refs.bib")
    papers = queries.load_papers(empty_library.conn, [1, 2, 3])
    assert [p.citekey for p in papers] == ["he2016deep", "AttentionNeed", "kingmaAdam"]
    assert papers[0].year == 2016


def test_new_version_of_a_read_paper_is_flagged_and_keeps_the_old_abstract(
    library: Library,
) -> None:
    library.import_records([_arxiv("Version one.", 1)], "arxiv-api:v1.xml")
    page = _vit(library)
    library.set_status([page.id], Status.READ)
    replace = _arxiv("Version three, rewritten.", 3, announce_type="replace")
    report = library.import_records([replace], "arxiv-rss:cs.CV.xml")
    assert report.updated == 1 and report.revised == 1
    paper = _vit(library)
    assert paper.arxiv_version == 3 and paper.updated_flag
    assert paper.abstract == "Version three, rewritten."
    assert paper.previous_abstract == page.abstract
    assert paper.status is Status.READ and paper.citekey == page.citekey
    assert library.index.search("is:updated").ids == [paper.id]
    library.set_status([paper.id], Status.READ)  # read again: acknowledged
    assert not _vit(library).updated_flag
    assert library.index.search("is:updated").ids == []


def test_new_version_of_an_untouched_paper_updates_without_flag(library: Library) -> None:
    library.import_records([_arxiv("Version one.", 1)], "arxiv-api:v1.xml")
    library.import_records([_arxiv("Version two.", 2)], "arxiv-api:v2.xml")
    paper = _vit(library)
    assert paper.abstract == "Version two." and not paper.updated_flag
    # an older version arriving later changes nothing
    report = library.import_records([_arxiv("Version one.", 1)], "arxiv-api:old.xml")
    assert report.unchanged == 1 and _vit(library).abstract == "Version two."


def test_identifier_awaiting_lookup_then_resolved(empty_library: Library) -> None:
    lib = empty_library
    pending = PaperRecord("", arxiv_id="2106.01548", pending=True)
    assert lib.import_records([pending], "ids:list.txt").new == 1
    (paper,) = queries.load_papers(lib.conn, [1])
    assert paper.pending and paper.title == "" and paper.citekey == "arXiv:2106.01548"
    assert lib.index.search("is:pending").ids == [paper.id]
    lib.import_records([_arxiv("Resolved.", 2)], "arxiv-api:lookup.xml")
    (paper,) = queries.load_papers(lib.conn, [1])
    assert not paper.pending and paper.title == VIT_TITLE and paper.abstract == "Resolved."
    assert paper.citekey == "chenVisionTransformersOutperform2021"
    assert lib.index.search("is:pending").ids == []


def test_same_identifier_twice_is_one_pending_paper(empty_library: Library) -> None:
    pending = PaperRecord("", arxiv_id="2106.01548", pending=True)
    empty_library.import_records([pending], "ids:a.txt")
    again = dataclasses.replace(pending, arxiv_version=2)
    report = empty_library.import_records([again], "ids:b.txt")
    assert report.new == 0 and queries.paper_count(empty_library.conn) == 1


def test_hyphenated_and_joined_titles_are_one_work(empty_library: Library) -> None:
    lib = empty_library
    lib.import_records([PaperRecord("Self-Supervised Pre-training of {BERT}")], "hf-page:p")
    report = lib.import_records(
        [PaperRecord("Self-supervised pretraining of BERT", authors=AUTHORS)], "arxiv-api:a"
    )
    assert (report.new, report.updated) == (0, 1)
