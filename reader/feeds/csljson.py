"""Parser for CSL-JSON (pandoc, Zotero, citeproc), at least everything Reader's export writes."""

from __future__ import annotations

from typing import Any

from reader.core.identity import split_arxiv_id
from reader.core.models import Author, PaperRecord, ParseResult, Skip
from reader.feeds.fields import arxiv_from_url, clean_doi, collapse, typed_links, year_of

KIND, LABEL = "csl-json", "CSL-JSON"
_TYPES = {
    "article-journal": "article", "paper-conference": "inproceedings", "book": "book",
    "chapter": "incollection", "thesis": "phdthesis", "report": "techreport",
}  # fmt: skip
_CSL_KEYS = {"type", "author", "issued", "container-title", "DOI", "URL", "editor"}


def is_csl_json(doc: Any) -> bool:
    """A list of objects (or one) with an `id` or a `title` and CSL's own keys."""
    items = doc if isinstance(doc, list) else [doc]
    return bool(items) and all(
        isinstance(i, dict) and ("title" in i or "id" in i) and _CSL_KEYS & i.keys()
        for i in items[:20]
    )


def parse_csl_json(doc: Any) -> ParseResult:
    """One record per item; items without a title are skipped."""
    items = doc if isinstance(doc, list) else [doc]
    records: list[PaperRecord] = []
    skipped: list[Skip] = []
    for number, item in enumerate(items, start=1):
        record = _record(item) if isinstance(item, dict) else None
        if record is None:
            skipped.append(Skip(f"item {number}", "no title"))
        else:
            records.append(record)
    return ParseResult(records, skipped, kind=KIND, label=LABEL)


def _author(name: Any) -> Author | None:
    if not isinstance(name, dict):
        return None
    family = collapse(" ".join(str(name.get(k) or "") for k in ("non-dropping-particle", "family")))
    given = collapse(name.get("given"))
    if family:
        return Author(f"{given} {family}".strip(), family=family, given=given)
    literal = collapse(name.get("literal"))
    return Author(literal) if literal else None


def _date(issued: Any) -> str | None:
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = [str(p) for p in parts[0][:3] if str(p).isdigit()]
        if numbers:
            return "-".join([numbers[0].zfill(4), *(n.zfill(2) for n in numbers[1:])])
    year = year_of(str(issued.get("raw") or issued.get("literal") or ""))
    return str(year) if year else None


def _str(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if isinstance(value, (int, float)):
        value = str(value)
    return collapse(value) or None if isinstance(value, str) else None


def _record(item: dict[str, Any]) -> PaperRecord | None:
    title = _str(item, "title")
    if not title:
        return None
    url = _str(item, "URL")
    number = _str(item, "number")
    is_arxiv = (_str(item, "archive") or "").lower() == "arxiv"
    arxiv = (split_arxiv_id(number) if number and is_arxiv else None) or arxiv_from_url(url)
    doi = clean_doi(_str(item, "DOI"))
    published = _date(item.get("issued"))
    venue = _str(item, "container-title")
    keywords = _str(item, "keyword") or ""
    links: list[tuple[str, str | None]] = [(url or "", None)]
    if doi:
        links.append((f"https://doi.org/{doi}", "doi"))
    authors = [a for a in map(_author, item.get("author") or []) if a]
    return PaperRecord(
        title=title,
        abstract=_str(item, "abstract") or "",
        authors=tuple(authors),
        arxiv_id=arxiv[0] if arxiv else None,
        arxiv_version=arxiv[1] if arxiv else None,
        doi=doi,
        published=published,
        links=typed_links(links),
        journal_ref=venue if arxiv else None,  # Reader writes a preprint's journal_ref here
        citekey_hint=_str(item, "id"),
        entry_type=_TYPES.get(str(item.get("type")), "misc"),
        venue=venue,
        volume=_str(item, "volume"),
        number=None if is_arxiv else number,
        pages=_str(item, "page"),
        publisher=_str(item, "publisher"),
        keywords=tuple(k.strip() for k in keywords.split(",") if k.strip()),
        year=year_of(published),
    )
