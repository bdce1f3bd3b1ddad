"""Parser for RIS files (`TY  - ` ... `ER  - `), at least everything Reader's export writes."""

from __future__ import annotations

import re
from collections import defaultdict

from reader.core.identity import split_arxiv_id
from reader.core.models import Author, PaperRecord, ParseResult, Skip
from reader.feeds.errors import FeedError
from reader.feeds.fields import (
    arxiv_from_url,
    check_size,
    clean_doi,
    collapse,
    typed_links,
    year_of,
)
from reader.feeds.text import decode_text

KIND, LABEL = "ris", "RIS"
MAX_RIS_BYTES = 100_000_000
# "TY  - JOUR"; some writers drop a space or the value after the dash.
TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$")
_TYPES = {
    "JOUR": "article", "JFULL": "article", "MGZN": "article", "NEWS": "article",
    "CONF": "inproceedings", "CPAPER": "inproceedings", "BOOK": "book", "EBOOK": "book",
    "CHAP": "incollection", "ECHAP": "incollection", "THES": "phdthesis", "RPRT": "techreport",
}  # fmt: skip
_TITLE_TAGS = ("TI", "T1", "CT", "BT")
_VENUE_TAGS = ("JO", "JF", "T2", "JA", "J2", "BT")


def looks_like_ris(text: str) -> bool:
    """A `TY  - ` line starts a record somewhere near the top."""
    return any(line.startswith("TY  -") for line in text[:20000].split("\n"))


def _records(text: str) -> list[tuple[int, dict[str, list[str]]]]:
    """(line number, tag -> values) per TY ... ER block; a value may run onto untagged lines."""
    out: list[tuple[int, dict[str, list[str]]]] = []
    current: dict[str, list[str]] | None = None
    last = ""
    for number, line in enumerate(text.split("\n"), start=1):
        match = TAG_LINE.match(line.rstrip())
        if match is None:
            if current is not None and last and line.strip():
                current[last][-1] += " " + line.strip()
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            current = defaultdict(list)
            out.append((number, current))
        if tag == "ER":
            current, last = None, ""
            continue
        if current is None:
            continue
        current[tag].append(value)
        last = tag
    return out


def parse_ris(data: bytes) -> ParseResult:
    """One record per TY ... ER block; blocks without a title are skipped."""
    check_size(data, MAX_RIS_BYTES, "the RIS file")
    blocks = _records(decode_text(data))
    if not blocks:
        raise FeedError("no RIS records found (no 'TY  - ' line)")
    records: list[PaperRecord] = []
    skipped: list[Skip] = []
    for line, tags in blocks:
        record = _record(tags, line)
        if record is None:
            skipped.append(Skip(f"line {line}", "record without a title"))
        else:
            records.append(record)
    return ParseResult(records, skipped, kind=KIND, label=LABEL)


def _author(value: str) -> Author:
    if "," in value:
        family, given = (collapse(p) for p in value.split(",", 1))
        return Author(f"{given} {family}".strip(), family=family, given=given)
    return Author(collapse(value))


def _date(tags: dict[str, list[str]]) -> str | None:
    """'2024/05/23/' or '2024///' -> ISO ('2024-05-23', '2024')."""
    for tag in ("DA", "PY", "Y1"):
        for value in tags.get(tag, []):
            parts = [p for p in re.split(r"[/-]", value.strip()) if p.strip()]
            if parts and parts[0].isdigit() and len(parts[0]) == 4:
                return "-".join(p.zfill(2) for p in parts[:3] if p.isdigit())
    return None


def _first(tags: dict[str, list[str]], *names: str) -> str | None:
    return next((collapse(v) for n in names for v in tags.get(n, []) if v.strip()), None)


def _arxiv(tags: dict[str, list[str]]) -> tuple[str, int | None] | None:
    for value in tags.get("AN", []) + tags.get("M1", []):
        found = split_arxiv_id(value)
        if found:
            return found
    return next((a for a in map(arxiv_from_url, tags.get("UR", [])) if a), None)


def _record(tags: dict[str, list[str]], line: int) -> PaperRecord | None:
    title = _first(tags, *_TITLE_TAGS)
    if not title:
        return None
    arxiv = _arxiv(tags)
    doi = clean_doi(_first(tags, "DO"))
    venue = _first(tags, *_VENUE_TAGS)
    published = _date(tags)
    start, end = _first(tags, "SP"), _first(tags, "EP")
    links: list[tuple[str, str | None]] = [
        (url, None) for url in tags.get("UR", []) + tags.get("L2", [])
    ]
    links += [(url, "pdf") for url in tags.get("L1", [])]
    if doi:
        links.append((f"https://doi.org/{doi}", "doi"))
    ris_type = _first(tags, "TY") or ""
    return PaperRecord(
        title=title,
        abstract=_first(tags, "AB", "N2") or "",
        authors=tuple(_author(v) for n in ("AU", "A1") for v in tags.get(n, []) if v.strip()),
        arxiv_id=arxiv[0] if arxiv else None,
        arxiv_version=arxiv[1] if arxiv else None,
        doi=doi,
        published=published,
        links=typed_links(links),
        # Reader writes an arXiv paper's journal reference as JO.
        journal_ref=venue if arxiv else None,
        line=line,
        citekey_hint=_first(tags, "ID"),
        entry_type=_TYPES.get(ris_type.upper(), "misc"),
        venue=venue,
        volume=_first(tags, "VL"),
        number=_first(tags, "IS"),
        pages=f"{start}--{end}" if start and end else start,
        publisher=_first(tags, "PB"),
        keywords=tuple(collapse(k) for k in tags.get("KW", []) if k.strip()),
        year=year_of(published),
    )
