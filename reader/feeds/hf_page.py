"""Parser for the Hugging Face Papers page copied as text (FORMATS.md section 1)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.models import PaperRecord, ParseResult, Skip
from reader.feeds.errors import FeedError
from reader.feeds.fields import check_size
from reader.feeds.text import decode_text, find_links

KIND, LABEL = "hf-page", "Hugging Face page"
MAX_PAGE_BYTES = 100_000_000
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DATE_LINE = re.compile(r"^([A-Za-z]{3})[a-z]*\.? +(\d{1,2})(?:, *(\d{4}))?$")
_CHROME_EXACT = {
    "new",
    "get trending papers in your email inbox!",
    "subscribe",
    "byak and the research community",
    "daily papers",
    "trending papers",
    "previous",
    "next",
    "upvote",
}
_CHROME_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^[-+]?\d[\d,.]*k?$",  # upvote and comment counts
        r"^submitted by\b.*",
        r"^·? *\d+ authors?$",
        r"^published on\b.*",
        r"^(upvote|comments?)\b.*",
        r"^·$",
    )
]
# Titles run up to ~300 characters; an abstract is prose of at least a couple of sentences.
_MAX_TITLE = 300
_MIN_ABSTRACT = 100


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


def _listing_date(text: str) -> str | None:
    """'Mar 17' -> '--03-17' (month-day, no year); 'Mar 17, 2025' -> '2025-03-17'."""
    match = _DATE_LINE.match(text)
    if not match or match.group(1).lower() not in _MONTHS:
        return None
    month, day = _MONTHS[match.group(1).lower()], int(match.group(2))
    if not 1 <= day <= 31:
        return None
    year = match.group(3)
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _is_chrome(text: str) -> bool:
    return text.lower() in _CHROME_EXACT or any(p.match(text) for p in _CHROME_PATTERNS)


def _blocks(text: str) -> list[list[_Line]]:
    """Paragraphs (runs of non-blank lines), with chrome lines taken out but date lines kept."""
    blocks: list[list[_Line]] = [[]]
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            blocks.append([])
        elif _listing_date(stripped) is not None or not _is_chrome(stripped):
            blocks[-1].append(_Line(number, stripped))
    return [b for b in blocks if b]


def _title(block: list[_Line]) -> _Line | None:
    """A title is a paragraph of one line, not too long, not a sentence or a Markdown item."""
    if len(block) != 1 or _listing_date(block[0].text) is not None:
        return None
    text = block[0].text
    if len(text) > _MAX_TITLE or text.endswith((".", ":", ",", ";")) or text[0] in "#>|*-`[":
        return None
    return block[0]


def _abstract(block: list[_Line] | None, title: _Line) -> str | None:
    """An abstract is a paragraph of one long line, longer than its title."""
    if block is None or len(block) != 1:
        return None
    text = block[0].text
    long_enough = len(text) >= _MIN_ABSTRACT and len(text) > len(title.text)
    return text if long_enough and _listing_date(text) is None else None


def parse_hf_page(data: bytes) -> ParseResult:
    """Parse the copied page: for each paper a title line, a blank, a one-line abstract.

    A one-line paragraph right after an abstract is a further paragraph of it; a long line
    with no title before it is skipped and reported. Raises FeedError when the text does not
    have the page's shape: no title/abstract pair, or more other paragraphs than papers.
    """
    check_size(data, MAX_PAGE_BYTES, "the page")
    blocks = _blocks(decode_text(data))
    records: list[PaperRecord] = []
    skipped: list[Skip] = []
    stray = 0
    listing: str | None = None
    after_abstract = False
    i = 0
    while i < len(blocks):
        block, i = blocks[i], i + 1
        date = _listing_date(block[0].text) if len(block) == 1 else None
        title = _title(block)
        abstract = _abstract(blocks[i] if i < len(blocks) else None, title) if title else None
        if date is not None:
            listing, after_abstract = date, False
        elif title is not None and abstract is not None:
            records.append(_record(title, abstract, listing))
            after_abstract, i = True, i + 1
        elif len(block) == 1 and len(block[0].text) >= _MIN_ABSTRACT and after_abstract:
            records[-1] = _with_paragraph(records[-1], block[0].text)
        else:
            stray += 1
            after_abstract = False
            if len(block) == 1 and len(block[0].text) >= _MIN_ABSTRACT:
                skipped.append(
                    Skip(f"line {block[0].number}", "abstract without a title before it")
                )
    if not records or stray > len(records):
        raise FeedError(
            "no papers found: expected a Hugging Face papers page copied as text "
            "(for each paper a title line, a blank line, its abstract on one line)"
        )
    return ParseResult(records, skipped, kind=KIND, label=LABEL)


def _record(title: _Line, abstract: str, listing: str | None) -> PaperRecord:
    return PaperRecord(
        title=title.text,
        abstract=abstract,
        links=find_links(abstract),
        listing_date=listing,
        line=title.number,
    )


def _with_paragraph(record: PaperRecord, paragraph: str) -> PaperRecord:
    abstract = f"{record.abstract}\n\n{paragraph}"
    return PaperRecord(
        title=record.title,
        abstract=abstract,
        links=find_links(abstract),
        listing_date=record.listing_date,
        line=record.line,
    )
