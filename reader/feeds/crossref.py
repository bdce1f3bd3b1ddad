"""Parser for a Crossref `/works/{doi}` answer: one work's metadata as a PaperRecord."""

from __future__ import annotations

import json
import re
from typing import Any

from reader.core.models import Author, Link, PaperRecord, ParseResult
from reader.feeds.errors import FeedError

KIND, LABEL = "crossref", "Crossref"
MAX_BYTES = 5_000_000
_TAG = re.compile(r"<[^>]+>")
_TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
    "book": "book",
    "posted-content": "misc",
    "report": "techreport",
    "dissertation": "phdthesis",
}


def _first(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value or "").split())


def _authors(raw: Any) -> tuple[Author, ...]:
    authors = []
    for person in raw if isinstance(raw, list) else []:
        if not isinstance(person, dict):
            continue
        family, given = _first(person.get("family")), _first(person.get("given"))
        name = " ".join(p for p in (given, family) if p) or _first(person.get("name"))
        if name:
            authors.append(Author(name, family or name, given))
    return tuple(authors)


def _date(work: dict[str, Any]) -> str | None:
    for key in ("published-print", "published-online", "issued", "created"):
        parts = (work.get(key) or {}).get("date-parts") or [[]]
        numbers = [int(n) for n in (parts[0] or []) if str(n).isdigit()]
        if numbers:
            year, month, day = [*numbers, 1, 1][:3]
            return f"{year:04d}-{month:02d}-{day:02d}" if len(numbers) > 1 else f"{year:04d}"
    return None


def parse_crossref(data: bytes) -> ParseResult:
    """The `message` of a Crossref works answer; FeedError when it is not one."""
    if len(data) > MAX_BYTES:
        raise FeedError("the Crossref answer is too large")
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"not a Crossref answer (not JSON: {exc})") from None
    work = doc.get("message") if isinstance(doc, dict) else None
    if not isinstance(work, dict) or not work.get("DOI"):
        raise FeedError("not a Crossref works answer (no message with a DOI)")
    doi = str(work["DOI"])
    published = _date(work)
    record = PaperRecord(
        title=_first(work.get("title")),
        abstract=" ".join(_TAG.sub(" ", str(work.get("abstract") or "")).split()),
        authors=_authors(work.get("author")),
        doi=doi,
        published=published if published and len(published) == 10 else None,
        year=int(published[:4]) if published else None,
        links=(Link("doi", f"https://doi.org/{doi}"),),
        entry_type=_TYPES.get(str(work.get("type")), "misc"),
        venue=_first(work.get("container-title")) or None,
        volume=_first(work.get("volume")) or None,
        number=_first(work.get("issue")) or None,
        pages=_first(work.get("page")) or None,
        publisher=_first(work.get("publisher")) or None,
    )
    return ParseResult([record], kind=KIND, label=LABEL)
