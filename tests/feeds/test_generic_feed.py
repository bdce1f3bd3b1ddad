"""Any other RSS/Atom feed through feedparser: DOIs and arXiv ids picked up from links and ids."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.models import Link
from reader.feeds import FeedError, parse_feed
from reader.feeds.generic_feed import parse_generic_feed

Sample = Callable[[str], bytes]


def test_journal_contents_feed(sample: Sample) -> None:
    result = parse_feed(sample("journal_toc_rss2_generated.xml"))
    assert (result.kind, result.label) == ("feed", "RSS/Atom feed")
    first, second = result.records
    assert first.title == "Learning skillful medium-range global weather forecasting"
    assert first.abstract.startswith("Global medium-range weather") and "<p>" not in first.abstract
    assert [a.name for a in first.authors] == ["Remi Lam", "Alvaro Sanchez-Gonzalez"]
    assert first.doi == "10.1038/s42256-024-00123-4"
    assert (first.venue, first.published, first.year) == (
        "Nature Machine Intelligence",
        "2024-01-02",
        2024,
    )
    assert first.keywords == ("Machine learning",)
    assert second.doi == "10.1038/s42256-024-00124-3"  # from a doi.org dc:identifier


def test_atom_blog_picks_arxiv_id_from_a_link(sample: Sample) -> None:
    post, retreat = parse_feed(sample("lab_blog_atom_generated.xml")).records
    assert (post.arxiv_id, post.arxiv_version) == ("2405.01234", 2)
    assert post.abstract == "We explain sparse attention in plain words."
    assert Link("project", "https://lab.example.org/posts/sparse-attention") in post.links
    assert (retreat.arxiv_id, retreat.doi, retreat.venue) == (None, None, None)


def test_a_string_path_is_never_opened(tmp_path: Path) -> None:
    # feedparser.parse() opens a str, or bytes, naming a path; the parser hands it a stream.
    secret = tmp_path / "feed.xml"
    secret.write_text('<rss version="2.0"><channel><item><title>S</title></item></channel></rss>')
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_generic_feed(str(secret).encode())


def test_html_page_is_refused() -> None:
    with pytest.raises(FeedError, match="HTML page"):
        parse_feed(b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>")


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>'
        b"<item><title>An RSS 0.91 item</title><link>https://doi.org/10.1000/abc</link>"
        b"</item></channel></rss>",
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b'<channel rdf:about="https://journal.example.org/"><title>J</title></channel>'
        b'<item rdf:about="https://journal.example.org/1"><title>An RSS 1.0 item</title>'
        b"<link>https://journal.example.org/1</link>"
        b"<dc:identifier>doi:10.1000/abc</dc:identifier></item></rdf:RDF>",
    ],
    ids=["rss091", "rss10"],
)
def test_older_rss_versions(data: bytes) -> None:
    result = parse_feed(data)
    assert result.kind == "feed"
    (record,) = result.records
    assert record.title.startswith("An RSS") and record.doi == "10.1000/abc"


def test_feed_in_its_declared_legacy_encoding() -> None:
    data = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>R</title>'
        "<item><title>Études sur la mémoire</title><link>https://example.org/1</link></item>"
        "</channel></rss>"
    ).encode("latin-1")
    (record,) = parse_feed(data).records
    assert record.title == "Études sur la mémoire"
