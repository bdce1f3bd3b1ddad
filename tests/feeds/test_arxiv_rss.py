"""arXiv RSS: the 2024+ RSS 2.0 feed (announce types) and the older RSS 1.0/RDF feed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reader.feeds import FeedError, parse_feed

Sample = Callable[[str], bytes]


def test_rss2_announce_types_and_fields(sample: Sample) -> None:
    result = parse_feed(sample("arxiv_rss2_cs_generated.xml"))
    assert (result.kind, result.label) == ("arxiv-rss", "arXiv RSS")
    by_type = {r.announce_type: r for r in result.records}
    assert list(by_type) == ["new", "cross", "replace", "replace-cross"]
    new = by_type["new"]
    assert (new.arxiv_id, new.arxiv_version, new.year) == ("2503.01234", 1, 2025)
    assert [a.name for a in new.authors] == ["Daniel Bolya", "Judy Hoffman"]
    assert new.abstract.startswith("We merge redundant tokens")
    assert "Announce Type" not in new.abstract
    assert new.categories == ("cs.CV", "cs.LG")
    assert new.listing_date == "2025-03-04"
    assert len(by_type["cross"].authors) == 6
    replace = by_type["replace"]
    assert (replace.arxiv_id, replace.arxiv_version) == ("2106.01548", 3)
    assert (replace.journal_ref, replace.year) == ("ICLR 2022", 2021)
    both = by_type["replace-cross"]
    assert (both.doi, both.journal_ref) == ("10.1109/CVPR.2016.90", "CVPR 2016")


def test_rdf_feed_titles_give_id_category_and_type(sample: Sample) -> None:
    result = parse_feed(sample("arxiv_rss1_rdf_hep-ex_2018-05-23_trimmed.xml"))
    assert result.kind == "arxiv-rss"
    got = [(r.title, r.arxiv_id, r.arxiv_version, r.announce_type) for r in result.records]
    assert got == [
        ("Measurement of Transverse Single Spin Asymmetries", "1805.08875", 1, "new"),
        ("Recent Top quark results from the Tevatron", "1805.09166", 1, "cross"),
        ("New Perspective on Hybrid Mesons", "1805.06430", 2, "replace"),
    ]
    first, _, updated = result.records
    assert [a.name for a in first.authors] == ["Christopher Dilks"]
    assert "<p>" not in first.abstract and "$2.6<\\eta<4$" in first.abstract
    assert updated.categories == ("nucl-th",)
    assert [a.name for a in updated.authors][-1] == "Hong-Shi Zong"
    assert len(updated.authors) == 6


def test_empty_listing_is_reported(sample: Sample) -> None:
    with pytest.raises(FeedError, match=r"lists no papers.*weekends and holidays"):
        parse_feed(sample("arxiv_rss2_physics_empty_2025-12-31.xml"))
