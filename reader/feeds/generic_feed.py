"""Any other RSS 0.9x/1.0/2.0 or Atom feed (journal contents, lab blogs), through feedparser."""

from __future__ import annotations

import html
import io
import re
import time
from typing import Any

import feedparser

from reader.core.models import Author, PaperRecord, ParseResult, Skip
from reader.feeds import xmlsafe
from reader.feeds.errors import FeedError
from reader.feeds.fields import (
    arxiv_from_url,
    arxiv_in_text,
    arxiv_year,
    check_size,
    clean_doi,
    collapse,
    typed_links,
)

KIND, LABEL = "feed", "RSS/Atom feed"
_TAG = re.compile(r"<[^>]+>")
_ID_KEYS = ("prism_doi", "dc_identifier", "id", "guid", "link")


def parse_generic_feed(data: bytes) -> ParseResult:
    """Entries of any feed feedparser recognises; a document that is no feed raises FeedError."""
    check_size(data, xmlsafe.MAX_XML_BYTES, "the feed")
    xmlsafe.refuse_entities(data)
    # Never a str, nor even bare bytes: feedparser tries open() on both, so bytes that spell
    # an existing path would be read from disk. A stream is only ever read.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.get("version"):
        raise FeedError("not an RSS or Atom feed (no feed elements found)")
    entries = parsed.get("entries", [])
    if not entries:
        raise FeedError("the feed holds no entries")
    venue = collapse(parsed.get("feed", {}).get("title")) or None
    records: list[PaperRecord] = []
    skipped: list[Skip] = []
    for number, entry in enumerate(entries, start=1):
        record = _record(entry, venue)
        if record is None:
            skipped.append(Skip(f"entry {number}", "no title"))
        else:
            records.append(record)
    return ParseResult(records, skipped, kind=KIND, label=LABEL)


def _plain(text: Any) -> str:
    return collapse(html.unescape(_TAG.sub(" ", str(text or ""))))


def _ids(entry: Any) -> tuple[str | None, tuple[str, int | None] | None]:
    """DOI and arXiv id from the identifier fields and every link, first found wins."""
    values = [str(entry.get(k) or "") for k in _ID_KEYS]
    values += [str(link.get("href") or "") for link in entry.get("links", [])]
    doi = next((d for d in map(clean_doi, values) if d), None)
    arxiv = next((a for a in map(arxiv_from_url, values) if a), None)
    arxiv = arxiv or next((a for a in map(arxiv_in_text, values) if a), None)
    return doi, arxiv


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def _record(entry: Any, feed_title: str | None) -> PaperRecord | None:
    title = _plain(entry.get("title"))
    if not title:
        return None
    doi, arxiv = _ids(entry)
    published = _date(entry)
    links: list[tuple[str, str | None]] = [
        (str(link.get("href") or ""), None) for link in entry.get("links", [])
    ]
    if doi:
        links.append((f"https://doi.org/{doi}", "doi"))
    names = [_plain(a.get("name")) for a in entry.get("authors", []) if isinstance(a, dict)]
    tags = [_plain(t.get("term")) for t in entry.get("tags", []) if isinstance(t, dict)]
    # A journal's contents feed names the journal; a blog's title is no venue.
    venue = collapse(entry.get("prism_publicationname")) or (feed_title if doi else None)
    return PaperRecord(
        title=title,
        abstract=_plain(entry.get("summary")),
        authors=tuple(Author(n) for n in names if n),
        arxiv_id=arxiv[0] if arxiv else None,
        arxiv_version=arxiv[1] if arxiv else None,
        doi=doi,
        published=published,
        links=typed_links(links),
        keywords=tuple(t for t in tags if t),
        venue=venue,
        year=int(published[:4]) if published else arxiv_year(arxiv[0] if arxiv else None),
    )
