"""Parser for the Hugging Face Papers page copied as text (FORMATS.md section 1)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.models import PaperRecord, ParseResult, Skip
from reader.feeds.errors import FeedError
from reader.feeds.text import decode_text, find_links

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


def _content_lines(text: str) -> list[_Line]:
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            lines.append(_Line(number, stripped))
    return lines


def parse_hf_page(data: bytes) -> ParseResult:
    """Parse the copied page: title line, abstract line, with page chrome in between.

    A long line right after an abstract is a further paragraph of that abstract; a long
    line with no title before it is skipped and reported. Raises FeedError when the
    input holds no title/abstract pair at all.
    """
    lines = _content_lines(decode_text(data))
    records: list[PaperRecord] = []
    skipped: list[Skip] = []
    listing: str | None = None
    after_abstract = False
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        date = _listing_date(line.text)
        if date is not None or _is_chrome(line.text):
            listing = date or listing
            after_abstract = False
            continue
        # Chrome such as "· 7 authors" may sit between a title and its abstract.
        j = i
        while j < len(lines) and _is_chrome(lines[j].text):
            j += 1
        following = lines[j] if j < len(lines) else None
        if _is_pair(line, following):
            assert following is not None
            records.append(_record(line, following.text, listing))
            after_abstract, i = True, j + 1
        elif len(line.text) >= _MIN_ABSTRACT:
            if after_abstract:
                records[-1] = _with_paragraph(records[-1], line.text)
            else:
                skipped.append(Skip(f"line {line.number}", "abstract without a title before it"))
        else:
            after_abstract = False
    if not records:
        raise FeedError(
            "no papers found: expected a Hugging Face papers page copied as text "
            "(a title line, then its abstract, for each paper)"
        )
    return ParseResult(records, skipped)


def _is_pair(title: _Line, following: _Line | None) -> bool:
    return (
        len(title.text) <= _MAX_TITLE
        and following is not None
        and len(following.text) >= _MIN_ABSTRACT
        and len(following.text) > len(title.text)
        and _listing_date(following.text) is None
    )


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
