"""Parser for arXiv's RSS feeds: RSS 2.0 (since 2024) and the older RSS 1.0/RDF."""

from __future__ import annotations

import html
import re
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element

from reader.core.identity import split_arxiv_id
from reader.core.models import Author, PaperRecord, ParseResult, Skip
from reader.feeds.errors import FeedError
from reader.feeds.fields import (
    arxiv_year,
    clean_doi,
    collapse,
    split_names,
    typed_links,
)
from reader.feeds.xmlsafe import ARXIV, DC, RDF, RSS1, parse_xml, text_of

KIND, LABEL = "arxiv-rss", "arXiv RSS"
_ANNOUNCE = re.compile(r"Announce Type:\s*([\w-]+)", re.IGNORECASE)
_RDF_TITLE = re.compile(
    r"^(?P<title>.*?)\.?\s*\(arXiv:(?P<id>\S+?)\s*"
    r"(?:\[(?P<cat>[^\]]+)\])?\s*(?P<flag>[A-Z ]*)\)\s*$",
    re.DOTALL,
)
_RDF_FLAGS = {"": "new", "CROSS LISTED": "cross", "UPDATED": "replace"}
_TAG = re.compile(r"<[^>]+>")


def is_arxiv_rss(root: Element) -> bool:
    """arXiv's RSS 2.0 (arxiv namespace, rss.arxiv.org) or its RSS 1.0/RDF feed."""
    if root.tag == "rss":
        channel_link = text_of(root, "channel/link")
        items = root.findall("channel/item")
        return "arxiv.org" in channel_link or any(
            i.find(f"{ARXIV}announce_type") is not None for i in items
        )
    if root.tag == f"{RDF}RDF":
        channel = root.find(f"{RSS1}channel")
        return channel is not None and "arxiv.org" in channel.get(f"{RDF}about", "")
    return False


def parse_arxiv_rss(data: bytes) -> ParseResult:
    """Every item as a record, its announce type kept; an empty listing raises FeedError."""
    return parse_arxiv_rss_root(parse_xml(data, "the arXiv RSS feed"))


def parse_arxiv_rss_root(root: Element) -> ParseResult:
    """parse_arxiv_rss on an already parsed document."""
    if root.tag == "rss":
        items, read = root.findall("channel/item"), _rss2_record
    else:
        items, read = root.findall(f"{RSS1}item"), _rdf_record
    if not items:
        raise FeedError(
            "this arXiv RSS feed lists no papers (arXiv announces nothing on weekends and "
            "holidays); try again after the next announcement"
        )
    records: list[PaperRecord] = []
    skipped: list[Skip] = []
    for number, item in enumerate(items, start=1):
        record = read(item)
        if record is None:
            skipped.append(Skip(f"item {number}", "no arXiv id or no title"))
        else:
            records.append(record)
    return ParseResult(records, skipped, kind=KIND, label=LABEL)


def _listing_date(raw: str) -> str | None:
    try:
        return parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError):
        return None


def _rss2_record(item: Element) -> PaperRecord | None:
    description = text_of(item, "description")
    guid = text_of(item, "guid").removeprefix("oai:arXiv.org:")
    ids = split_arxiv_id(guid) or split_arxiv_id(description.split()[0] if description else "")
    ids = ids or split_arxiv_id(text_of(item, "link"))
    title = collapse(text_of(item, "title"))
    if ids is None or not title:
        return None
    announce = text_of(item, f"{ARXIV}announce_type") or None
    if announce is None and (match := _ANNOUNCE.search(description)):
        announce = match.group(1)
    abstract = description.split("Abstract:", 1)[1] if "Abstract:" in description else ""
    doi = clean_doi(text_of(item, f"{ARXIV}DOI"))
    return PaperRecord(
        title=title,
        abstract=collapse(abstract),
        authors=tuple(Author(n) for n in split_names(text_of(item, f"{DC}creator"))),
        arxiv_id=ids[0],
        arxiv_version=ids[1],
        doi=doi,
        listing_date=_listing_date(text_of(item, "pubDate")),
        categories=tuple(t for c in item.findall("category") if (t := (c.text or "").strip())),
        links=_links(ids[0], doi),
        journal_ref=collapse(text_of(item, f"{ARXIV}journal_reference")) or None,
        announce_type=announce.lower() if announce else None,
        year=arxiv_year(ids[0]),
    )


def _links(arxiv_id: str, doi: str | None) -> tuple:
    links: list[tuple[str, str | None]] = [
        (f"https://arxiv.org/abs/{arxiv_id}", "abs"),
        (f"https://arxiv.org/pdf/{arxiv_id}", "pdf"),
    ]
    if doi:
        links.append((f"https://doi.org/{doi}", "doi"))
    return typed_links(links)


def _unhtml(text: str) -> str:
    """The RDF feed's descriptions and creators are escaped HTML: tags out, entities decoded."""
    return collapse(html.unescape(_TAG.sub(" ", text)))


def _rdf_record(item: Element) -> PaperRecord | None:
    match = _RDF_TITLE.match(collapse(text_of(item, f"{RSS1}title")))
    ids = split_arxiv_id(match.group("id")) if match else None
    if match is None or ids is None or not match.group("title").strip():
        return None
    flag = collapse(match.group("flag"))
    category = collapse(match.group("cat"))
    return PaperRecord(
        title=collapse(match.group("title")),
        abstract=_unhtml(text_of(item, f"{RSS1}description")),
        authors=tuple(Author(n) for n in split_names(_unhtml(text_of(item, f"{DC}creator")))),
        arxiv_id=ids[0],
        arxiv_version=ids[1],
        categories=(category,) if category else (),
        links=_links(ids[0], None),
        announce_type=_RDF_FLAGS.get(flag, flag.lower() or None),
        year=arxiv_year(ids[0]),
    )
