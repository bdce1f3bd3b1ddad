"""Feed sources as typed by users, and the requests they turn into."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reader.net.config import NetConfig
from reader.net.sources import SourceError, feed_request, parse_source

CONFIG = replace(
    NetConfig(),
    arxiv_api_url="http://127.0.0.1:8000/api/query",
    arxiv_rss_url="http://127.0.0.1:8000/rss",
    hf_api_url="http://127.0.0.1:8000/hf/api/",
)


@pytest.mark.parametrize(
    ("typed", "text", "url", "params"),
    [
        ("hf:daily", "hf:daily", "http://127.0.0.1:8000/hf/api/daily_papers", {}),
        (
            "hf:daily:2026-03-17",
            "hf:daily:2026-03-17",
            "http://127.0.0.1:8000/hf/api/daily_papers",
            {"date": "2026-03-17"},
        ),
        ("arxiv:cs.LG", "arxiv:cs.LG", "http://127.0.0.1:8000/rss/cs.LG", {}),
        ("arxiv:cs.CV+cs.LG", "arxiv:cs.CV+cs.LG", "http://127.0.0.1:8000/rss/cs.CV+cs.LG", {}),
        ("https://blog.example.org/feed.xml", "https://blog.example.org/feed.xml", None, {}),
    ],
)
def test_sources_and_their_requests(typed: str, text: str, url: str | None, params: dict) -> None:
    source = parse_source(typed)
    assert source.text == text
    got_url, got_params = feed_request(source, CONFIG)
    assert got_url == (url or typed)
    assert got_params == params


def test_arxiv_query_asks_newest_first() -> None:
    source = parse_source("arxiv-query:'ti:diffusion AND cat:cs.CV'")
    assert source.text == "arxiv-query:ti:diffusion AND cat:cs.CV"
    url, params = feed_request(source, CONFIG)
    assert url == "http://127.0.0.1:8000/api/query"
    assert params["search_query"] == "ti:diffusion AND cat:cs.CV"
    assert (params["sortBy"], params["sortOrder"], params["start"]) == (
        "submittedDate",
        "descending",
        0,
    )
    assert source.is_arxiv(CONFIG)


def test_url_names_and_arxiv_urls_are_gated() -> None:
    assert parse_source("https://blog.example.org/feed.xml/").default_name == (
        "blog.example.org/feed.xml"
    )
    assert parse_source("https://rss.arxiv.org/atom/cs.AI").is_arxiv(CONFIG)
    assert not parse_source("https://blog.example.org/feed.xml").is_arxiv(CONFIG)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("hf:daily:yesterday", "expected a day as YYYY-MM-DD"),
        ("arxiv:cs LG", "is not an arXiv category"),
        ("arxiv:", "is not an arXiv category"),
        ("arxiv-query:", "needs a query"),
        ("ftp://example.org/feed", "unknown feed source"),
        ("cs.LG", "use hf:daily"),
    ],
)
def test_bad_sources_say_what_works(typed: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_source(typed)
