"""The Hugging Face papers page parser on the real sample and on its real-world variants."""

from __future__ import annotations

import re

import pytest

from reader.feeds import FeedError, parse_feed
from reader.feeds.text import find_links

URL_END = re.compile(r"[.,;:!?)\]]$")


def test_sample_has_107_papers_with_exact_text(sample_bytes: bytes) -> None:
    result = parse_feed(sample_bytes)
    lines = set(sample_bytes.decode("utf-8").split("\n"))
    assert len(result.records) == 107
    assert result.skipped == []
    for record in result.records:
        assert record.title in lines
        assert record.abstract in lines
        assert 21 <= len(record.title) <= 123
        assert 1369 <= len(record.abstract) <= 1912
    first = result.records[0]
    assert first.title == (
        "When Vision Transformers Outperform ResNets without Pre-training or Strong Data "
        "Augmentations"
    )
    assert "+5.3\\% and +11.0\\% top-1" in first.abstract


def test_titles_keep_non_ascii(sample_bytes: bytes) -> None:
    titles = [r.title for r in parse_feed(sample_bytes).records]
    assert "DεpS: Delayed ε-Shrinking for Faster Once-For-All Training" in titles


def test_links_are_pulled_out_without_trailing_punctuation(sample_bytes: bytes) -> None:
    records = parse_feed(sample_bytes).records
    with_links = [r for r in records if r.links]
    assert len(with_links) == 33
    urls = {link.url for r in records for link in r.links}
    assert "https://github.com/sail-sg/iFormer" in urls
    assert "https://github.com/zjq0455/PTQ1.61" in urls
    assert "https://github.com/AlexMaOLS/EluCD/tree/main" in urls
    assert not [u for u in urls if URL_END.search(u)]
    kinds = {link.url: link.kind for r in records for link in r.links}
    assert kinds["https://github.com/sail-sg/iFormer"] == "code"
    assert kinds["https://fdmas.github.io/AIGCDetect"] == "project"


def test_listing_date_is_recorded(sample_bytes: bytes) -> None:
    assert {r.listing_date for r in parse_feed(sample_bytes).records} == {"--03-17"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://github.com/a/b.", "https://github.com/a/b"),
        ("(code: https://github.com/a/b)", "https://github.com/a/b"),
        ("at https://x.org/wiki/Foo_(bar).", "https://x.org/wiki/Foo_(bar)"),
        ("https://github.com/a/b, and more", "https://github.com/a/b"),
        ('"https://proj.github.io/page/"', "https://proj.github.io/page/"),
        ("http://arxiv.org/abs/2101.00001v2;", "http://arxiv.org/abs/2101.00001v2"),
    ],
)
def test_link_trimming(text: str, expected: str) -> None:
    assert [link.url for link in find_links(text)] == [expected]


def test_crlf_and_trailing_spaces_give_the_same_records(sample_bytes: bytes) -> None:
    variant = b"\r\n".join(line + b"  " for line in sample_bytes.split(b"\n"))
    assert parse_feed(variant).records == parse_feed(sample_bytes).records


@pytest.mark.parametrize("after", ["title", "abstract"])
def test_extra_chrome_lines_are_tolerated(sample_bytes: bytes, after: str) -> None:
    chunks = sample_bytes.decode().split("\n\n")
    first_title = chunks.index("Mar 17") + 1
    noisy = []
    for n, chunk in enumerate(chunks):
        noisy.append(chunk)
        offset = 0 if after == "title" else 1
        if n >= first_title and (n - first_title) % 2 == offset:
            noisy += ["42", "Submitted by someone", "· 7 authors", "Upvote"]
    result = parse_feed("\n\n".join(noisy).encode())
    assert [r.title for r in result.records] == [r.title for r in parse_feed(sample_bytes).records]


def test_several_date_sections(sample_bytes: bytes) -> None:
    text = sample_bytes.decode()
    second = text.index("Inception Transformer\n")
    text = text[:second] + "Mar 18, 2024\n\n" + text[second:]
    records = parse_feed(text.encode()).records
    assert len(records) == 107
    dates = [r.listing_date for r in records]
    assert dates[0] == "--03-17"
    assert dates[-1] == "2024-03-18"


def test_utf16_with_bom_is_read(sample_bytes: bytes) -> None:
    data = sample_bytes.decode().encode("utf-16")
    assert len(parse_feed(data).records) == 107


def test_abstract_without_title_is_skipped_with_its_line() -> None:
    abstract = "This abstract has lost its title. " * 5
    title, body = "A Real Title", "And this is a real abstract of a paper. " * 5
    result = parse_feed(f"Mar 17\n\n{abstract}\n\n{title}\n\n{body}\n".encode())
    assert [r.title for r in result.records] == [title]
    assert [s.where for s in result.skipped] == ["line 3"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\n  \n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\x00\x01\x02binary", "binary"),
        ("café au lait\n".encode("latin-1"), "not UTF-8"),
        (b"[tool.ruff]\nline-length = 100\n\n[project]\nname = 'x'\n", "no papers found"),
    ],
)
def test_files_without_papers_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(data)
