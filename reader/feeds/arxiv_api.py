"""Parser for arXiv API responses (Atom 1.0), the 2025+ format and the legacy one."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from reader.core.identity import split_arxiv_id
from reader.core.models import Author, PaperRecord, ParseResult, Skip
from reader.feeds.errors import FeedError
from reader.feeds.fields import clean_doi, collapse, iso_date, typed_links, year_of
from reader.feeds.xmlsafe import ARXIV, ATOM, OPENSEARCH, parse_xml, text_of

KIND, LABEL = "arxiv-api", "arXiv API"


def is_arxiv_api(root: Element) -> bool:
    """An Atom feed whose entries are arXiv abs pages, or arXiv's error/empty answer."""
    if root.tag != f"{ATOM}feed":
        return False
    feed_id = text_of(root, f"{ATOM}id")
    if "arxiv.org" in feed_id:
        return True
    first = root.find(f"{ATOM}entry")
    return first is not None and "arxiv.org/abs/" in text_of(first, f"{ATOM}id")


def parse_arxiv_api(data: bytes) -> ParseResult:
    """Every entry as a record; arXiv's error feed and an empty answer raise FeedError."""
    return parse_arxiv_api_root(parse_xml(data, "the arXiv API response"))


def parse_arxiv_api_root(root: Element) -> ParseResult:
    """parse_arxiv_api on an already parsed document."""
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        entry_id = text_of(entry, f"{ATOM}id")
        if "/api/errors" in entry_id or text_of(entry, f"{ATOM}title") == "Error":
            reason = collapse(text_of(entry, f"{ATOM}summary")) or "no reason given"
            raise FeedError(f"this is an arXiv API error, not papers: {reason}")
    if not entries:
        total = text_of(root, f"{OPENSEARCH}totalResults") or "0"
        raise FeedError(
            f"the arXiv API answer holds no papers (totalResults {total}): "
            "the ids or the query matched nothing"
        )
    records: list[PaperRecord] = []
    skipped: list[Skip] = []
    for number, entry in enumerate(entries, start=1):
        record = _record(entry)
        if record is None:
            skipped.append(Skip(f"entry {number}", "no arXiv id or no title"))
        else:
            records.append(record)
    return ParseResult(records, skipped, kind=KIND, label=LABEL)


def _authors(entry: Element) -> tuple[Author, ...]:
    authors = []
    for node in entry.findall(f"{ATOM}author"):
        name = collapse(text_of(node, f"{ATOM}name"))
        affiliations = [collapse(a.text) for a in node.findall(f"{ARXIV}affiliation") if a.text]
        if name:
            authors.append(Author(name, affiliation="; ".join(affiliations)))
    return tuple(authors)


def _links(entry: Element, doi: str | None) -> list[tuple[str, str | None]]:
    links: list[tuple[str, str | None]] = []
    for link in entry.findall(f"{ATOM}link"):
        href, title, rel = link.get("href", ""), link.get("title"), link.get("rel")
        if title == "pdf":
            links.append((href, "pdf"))
        elif title == "doi":
            links.append((href, "doi"))
        elif rel == "alternate":
            links.append((href, "abs"))
    if doi and not any(kind == "doi" for _, kind in links):
        links.append((f"https://doi.org/{doi}", "doi"))
    return links


def _categories(entry: Element) -> tuple[str, ...]:
    primary = entry.find(f"{ARXIV}primary_category")
    terms = [primary.get("term", "")] if primary is not None else []
    terms += [c.get("term", "") for c in entry.findall(f"{ATOM}category")]
    return tuple(dict.fromkeys(t.strip() for t in terms if t.strip()))


def _record(entry: Element) -> PaperRecord | None:
    ids = split_arxiv_id(text_of(entry, f"{ATOM}id"))
    title = collapse(text_of(entry, f"{ATOM}title"))
    if ids is None or not title:
        return None
    doi = clean_doi(text_of(entry, f"{ARXIV}doi"))
    published = iso_date(text_of(entry, f"{ATOM}published"))
    return PaperRecord(
        title=title,
        abstract=collapse(text_of(entry, f"{ATOM}summary")),
        authors=_authors(entry),
        arxiv_id=ids[0],
        arxiv_version=ids[1],
        doi=doi,
        published=published,
        updated=iso_date(text_of(entry, f"{ATOM}updated")),
        categories=_categories(entry),
        links=typed_links(_links(entry, doi)),
        journal_ref=collapse(text_of(entry, f"{ARXIV}journal_ref")) or None,
        comment=collapse(text_of(entry, f"{ARXIV}comment")) or None,
        year=year_of(published),
    )
