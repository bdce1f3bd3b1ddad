"""Small helpers every structured parser shares: whitespace, ids in free text, sizes, dates."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.identity import normalise_doi, split_arxiv_id
from reader.core.models import Link
from reader.feeds.errors import FeedError
from reader.feeds.text import link_kind

# New-style ids (2106.01548) and old-style ones (hep-th/9901001, math.GT/0309136), with an
# optional version; anchored on word boundaries so page numbers and dates do not match.
ARXIV_IN_TEXT = re.compile(
    r"(?<![\w./-])(?:arxiv:\s*)?((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)(?![\w.])",
    re.IGNORECASE,
)
ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf)/((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)",
    re.IGNORECASE,
)
DOI_IN_TEXT = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>{}]+)", re.IGNORECASE)
_DOI_TRAILING = ".,;:)]'"
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def collapse(text: str | None) -> str:
    """Hard wraps and runs of whitespace collapsed to single spaces."""
    return " ".join((text or "").split())


def check_size(data: bytes, limit: int, what: str) -> None:
    """Refuse input over the parser's cap with a message a user can act on."""
    if len(data) > limit:
        raise FeedError(
            f"{what} is {len(data) / 1e6:.0f} MB; Reader reads at most {limit // 1_000_000} MB "
            "of this format at once: split the file"
        )


def clean_doi(raw: str | None) -> str | None:
    """A bare DOI from 'doi:10.1/x', 'https://doi.org/10.1/X.' or None; case kept for display."""
    if not raw:
        return None
    match = DOI_IN_TEXT.search(raw.strip())
    if not match:
        return None
    doi = match.group(1).rstrip(_DOI_TRAILING)
    return doi if normalise_doi(doi) else None


def arxiv_from_url(url: str | None) -> tuple[str, int | None] | None:
    """('2106.01548', 2) from an arxiv.org abs/pdf URL."""
    if not url:
        return None
    match = ARXIV_URL.search(url)
    return split_arxiv_id(match.group(1).removesuffix(".pdf")) if match else None


def arxiv_in_text(text: str | None) -> tuple[str, int | None] | None:
    """The first arXiv id written in free text ('arXiv:1905.01392 [cs.LG]'), if any."""
    if not text:
        return None
    found = arxiv_from_url(text)
    if found:
        return found
    for match in ARXIV_IN_TEXT.finditer(text):
        candidate = split_arxiv_id(match.group(1))
        if candidate and ("/" in candidate[0] or "arxiv" in text.lower()):
            return candidate
    return None


def year_of(text: str | None) -> int | None:
    """The first plausible year in a date or free text."""
    match = _YEAR.search(text or "")
    return int(match.group(1)) if match else None


def iso_date(text: str | None) -> str | None:
    """'2024-10-22T17:59:30.000Z' -> '2024-10-22'; keeps YYYY-MM and YYYY; None if unreadable."""
    match = re.match(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text or "")
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


def typed_links(urls: Sequence[tuple[str, str | None]]) -> tuple[Link, ...]:
    """Distinct links in order; kind given, or guessed from the URL when None."""
    seen: dict[str, Link] = {}
    for url, kind in urls:
        url = url.strip()
        if url.startswith(("http://", "https://")) and url not in seen:
            seen[url] = Link(kind or link_kind(url), url)
    return tuple(seen.values())


def arxiv_year(arxiv_id: str | None) -> int | None:
    """The year an arXiv id was first submitted: 2106.01548 -> 2021, hep-th/9901001 -> 1999."""
    if not arxiv_id:
        return None
    yymm = arxiv_id.rsplit("/", 1)[-1][:2]
    if not yymm.isdigit():
        return None
    yy = int(yymm)
    return (1900 if yy >= 91 else 2000) + yy


def split_names(text: str) -> list[str]:
    """'A. One, B. Two and C. Three' -> three names (arXiv RSS `dc:creator`)."""
    text = re.sub(r"\([^)]*\)", " ", text)  # "(STAR Collaboration)" is not a name
    parts = re.split(r",|\band\b", text)
    return [collapse(p) for p in parts if collapse(p)]
