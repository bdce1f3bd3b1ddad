"""The import gate: every record's text is capped and cleaned before it is merged."""

from __future__ import annotations

from reader.core import queries
from reader.core.library import Library
from reader.core.limits import MAX_ABSTRACT, MAX_FIELD, MAX_TITLE, cap_records
from reader.core.models import Author, Link, PaperRecord


def test_long_and_dirty_fields_are_cut_cleaned_and_named(empty_library: Library) -> None:
    fine = PaperRecord("A fine paper", "A fine abstract.", line=3)
    wild = PaperRecord(
        "T\x00itle " * 1000,
        "word " * 60_000,
        authors=(Author("Ada\x00 Lovelace"), Author("B" * 5000)),
        links=(Link("code", "https://example.org/\x00x"),),
        comment="c" * 10_000,
        line=9,
    )
    report = empty_library.import_records([fine, wild], "test")
    assert report.new == 2
    assert [c.where for c in report.cut] == ["entry 2 (line 9)"]
    assert report.summary().endswith("0 skipped, 1 cut")  # what the CLI and the window say
    reason = report.cut[0].reason
    for part in ("title cut to 2,000", "abstract cut to 100,000", "comment cut to 2,000"):
        assert part in reason
    assert "control characters" in reason
    _, paper = queries.load_papers(empty_library.conn, [1, 2])
    assert len(paper.title) == MAX_TITLE and "\x00" not in paper.title
    assert len(paper.abstract) == MAX_ABSTRACT
    assert paper.authors[0].name == "Ada Lovelace" and len(paper.authors[1].name) == MAX_FIELD
    assert paper.links[0].url == "https://example.org/x"


def test_clean_records_pass_untouched() -> None:
    record = PaperRecord("Title", "Tabs\tand\nnewlines stay.", authors=(Author("A B"),))
    capped, notes = cap_records([record])
    assert capped == [record] and capped[0] is record and notes == []
