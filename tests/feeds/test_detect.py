"""Detection by content and refusal: hostile XML, size caps, prose and Markdown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.feeds import (
    FeedError,
    arxiv_api,
    arxiv_rss,
    bibtex,
    detect,
    generic_feed,
    hf_page,
    idlist,
    parse_feed,
    ris,
    xmlsafe,
)

Sample = Callable[[str], bytes]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["billion_laughs.xml", "xxe.xml"])
@pytest.mark.parametrize(
    "parse",
    [
        parse_feed,
        arxiv_api.parse_arxiv_api,
        arxiv_rss.parse_arxiv_rss,
        generic_feed.parse_generic_feed,
    ],
    ids=["detected", "arxiv_api", "arxiv_rss", "feedparser"],
)
def test_hostile_xml_is_refused_by_every_xml_parser(
    sample: Sample, name: str, parse: Callable[[bytes], object]
) -> None:
    with pytest.raises(FeedError, match="refused"):
        parse(sample(name))


def test_external_dtd_is_never_fetched_or_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE feed SYSTEM "file://{secret}">'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        "<entry><title>Plain entry</title><id>https://example.org/1</id></entry></feed>"
    ).encode()
    result = parse_feed(data)
    assert [r.title for r in result.records] == ["Plain entry"]
    assert "TOP-SECRET" not in repr(result)


def test_deeply_nested_json_is_refused() -> None:
    with pytest.raises(FeedError, match="nested too deeply"):
        parse_feed(b"[" * 200_000 + b"]" * 200_000)


@pytest.mark.parametrize(
    ("module", "cap", "name"),
    [
        (xmlsafe, "MAX_XML_BYTES", "arxiv_api_query_testing_max10.xml"),
        (xmlsafe, "MAX_XML_BYTES", "journal_toc_rss2_generated.xml"),
        (detect, "MAX_JSON_BYTES", "hf_daily_papers_2024-10-25_first3.json"),
        (bibtex, "MAX_BIBTEX_BYTES", "d2l.bib"),
        (ris, "MAX_RIS_BYTES", "zotero_export_generated.ris"),
        (idlist, "MAX_IDS_BYTES", "identifiers.txt"),
    ],
)
def test_every_parser_has_a_size_cap(
    sample: Sample, monkeypatch: pytest.MonkeyPatch, module: object, cap: str, name: str
) -> None:
    monkeypatch.setattr(module, cap, 200)
    with pytest.raises(FeedError, match=r"Reader reads at most .* split the file"):
        parse_feed(sample(name))


def test_hf_page_size_cap(sample_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hf_page, "MAX_PAGE_BYTES", 1000)
    with pytest.raises(FeedError, match="at most"):
        parse_feed(sample_bytes)


LONG_LINE = (
    "These are my notes from the reading group, written as one long line that goes on "
    "about what we read this week and why it matters to the project."
)
PROSE = f"""Reading notes

{LONG_LINE}

We met on Tuesday.
Everyone came, and
the discussion ran late.

Next time we read the diffusion paper.
"""


@pytest.mark.parametrize(
    "text",
    [
        PROSE,
        (ROOT / "README.md").read_text(),
        (ROOT / "docs" / "gui.md").read_text(),
        "Title Of A Paper\n\n"
        + "A single paragraph that would once have passed for an abstract. " * 3,
    ],
    ids=["prose", "README.md", "gui.md", "pair-among-prose"],
)
def test_prose_and_markdown_are_refused(text: str) -> None:
    if text.startswith("Title Of"):
        text = PROSE + "\n" + text + "\n\n" + PROSE
    with pytest.raises(FeedError, match=r"Markdown|no papers found"):
        parse_feed(text.encode())


def test_hf_page_demands_one_line_paragraphs(sample_bytes: bytes) -> None:
    # The page's abstracts are one line each; the same text hard-wrapped is not the page.
    wrapped = "\n".join(
        line[:80] + "\n" + line[80:] if len(line) > 200 else line
        for line in sample_bytes.decode().split("\n")
    )
    with pytest.raises(FeedError, match="no papers found"):
        parse_feed(wrapped.encode())


def test_utf16_hostile_xml_is_refused_too(sample: Sample) -> None:
    data = sample("billion_laughs.xml").decode().replace('"1.0"?>', '"1.0" encoding="UTF-16"?>')
    with pytest.raises(FeedError, match="refused"):
        generic_feed.parse_generic_feed(data.encode("utf-16"))
