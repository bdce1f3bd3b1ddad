"""Parser for BibTeX and biblatex files, through bibtexparser 2."""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser.model import Entry

from reader.core.identity import split_arxiv_id
from reader.core.models import Link, PaperRecord, ParseResult, Skip
from reader.feeds.bibnames import parse_names
from reader.feeds.errors import FeedError
from reader.feeds.fields import arxiv_in_text, check_size, clean_doi, iso_date, typed_links, year_of
from reader.feeds.texdecode import decode_accents, has_raw_ampersand, tex_to_text
from reader.feeds.text import decode_text

KIND, LABEL = "bibtex", "BibTeX"
MAX_BIBTEX_BYTES = 100_000_000
# "@article{key," -- the key and its comma keep `@dataclass(frozen=True)` out.
ENTRY_START = re.compile(r"^[ \t]*@([A-Za-z]+)[ \t]*[{(][ \t]*[^\s,={}()\"#%']*[ \t]*,", re.M)
_NOT_PAPERS = {"string", "preamble", "comment"}
# Blocks it cannot read come back to the user as skips; its log lines would only repeat them.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_DECODED = ("title", "journal", "journaltitle", "booktitle", "publisher")


def looks_like_bibtex(text: str, *, first_only: bool = False) -> bool:
    """An `@type{key,` entry opening a line; with first_only, as the first line that is
    not blank or a `%` comment."""
    if first_only:
        lines = (ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("%"))
        first = next(lines, "")
        match = ENTRY_START.match(first)
        return bool(match)
    return any(m.group(1).lower() not in _NOT_PAPERS for m in ENTRY_START.finditer(text))


def parse_bibtex(data: bytes) -> ParseResult:
    """One record per entry; unreadable blocks are skipped and oddities warned about."""
    check_size(data, MAX_BIBTEX_BYTES, "the BibTeX file")
    library = bibtexparser.parse_string(decode_text(data))
    records: list[PaperRecord] = []
    skipped: list[Skip] = []
    warnings: list[Skip] = []
    for block in library.failed_blocks:
        error = getattr(block, "error", None)
        # bibtexparser's BlockAbortedException says why in abort_reason; its str() is empty.
        reason = str(getattr(error, "abort_reason", "") or error or "").strip()
        reason = reason or "not a readable BibTeX entry"
        skipped.append(
            Skip(f"line {(block.start_line or 0) + 1}", (reason.splitlines() or [""])[0][:200])
        )
    for number, entry in enumerate(library.entries, start=1):
        where = f"entry {number} ({entry.key}, line {(entry.start_line or 0) + 1})"
        record, problems = _record(entry)
        if record is None:
            skipped.append(Skip(where, problems[0]))
            continue
        records.append(record)
        warnings += [Skip(where, p) for p in problems]
    if not records and not skipped:
        raise FeedError("no BibTeX entries found")
    return ParseResult(records, skipped, warnings=warnings, kind=KIND, label=LABEL)


def _fields(entry: Entry) -> dict[str, str]:
    # Field names are case-insensitive in BibTeX (d2l.bib mixes `Author` and `author`).
    out: dict[str, str] = {}
    for field in entry.fields:
        value = field.value if isinstance(field.value, str) else str(field.value)
        out.setdefault(field.key.lower(), value.strip())
    return out


def _year_month(year: int | None, month: str | None) -> str | None:
    """'2024' and 'feb' (or '2', 'February') -> '2024-02'; the year alone without a month."""
    if year is None:
        return None
    key = (month or "").strip().lower()[:3]
    number = _MONTHS.index(key) + 1 if key in _MONTHS else int(key) if key.isdigit() else 0
    return f"{year:04d}-{number:02d}" if 1 <= number <= 12 else f"{year:04d}"


def _arxiv(fields: dict[str, str]) -> tuple[str, int | None] | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    eprint = fields.get("eprint", "")
    if eprint and (prefix in ("arxiv", "") and split_arxiv_id(eprint)):
        return split_arxiv_id(eprint)
    for key in ("url", "journal", "note", "howpublished"):
        found = arxiv_in_text(tex_to_text(fields.get(key, "")))
        if found:
            return found
    return None


def _ampersands(fields: dict[str, str]) -> list[str]:
    return [
        f"raw '&' in {name} (read as an ampersand; bibtex would fail on it)"
        for name, value in fields.items()
        if name not in ("url", "doi") and has_raw_ampersand(value)
    ]


def _links(url: str, arxiv: tuple[str, int | None] | None, doi: str | None) -> tuple[Link, ...]:
    links: list[tuple[str, str | None]] = [(url, None)]
    if arxiv:
        links.append((f"https://arxiv.org/abs/{arxiv[0]}", "abs"))
    if doi:
        links.append((f"https://doi.org/{doi}", "doi"))
    return typed_links(links)


def _record(entry: Entry) -> tuple[PaperRecord | None, list[str]]:
    fields = _fields(entry)
    title = tex_to_text(fields.get("title", ""))
    if not title:
        return None, ["no title"]
    authors, name_problems = parse_names(fields.get("author") or fields.get("editor") or "")
    decoded = {k: tex_to_text(fields[k]) for k in _DECODED if fields.get(k)}
    arxiv = _arxiv(fields)
    url = fields.get("url", "")
    doi = clean_doi(fields.get("doi")) or (clean_doi(url) if "doi.org" in url else None)
    year = year_of(fields.get("year")) or year_of(fields.get("date"))
    date = iso_date(fields.get("date")) or _year_month(year, fields.get("month"))
    venue = decoded.get("journal") or decoded.get("journaltitle") or decoded.get("booktitle")
    category = fields.get("primaryclass") or fields.get("eprintclass")
    return PaperRecord(
        title=title,
        abstract=decode_accents(fields.get("abstract", "")),
        authors=authors,
        arxiv_id=arxiv[0] if arxiv else None,
        arxiv_version=arxiv[1] if arxiv else None,
        doi=doi,
        published=date,
        # Reader writes an arXiv paper's journal reference as its `journal` or `booktitle`.
        journal_ref=venue if arxiv else None,
        categories=(category.strip(),) if category and category.strip() else (),
        links=_links(url, arxiv, doi),
        citekey_hint=entry.key,
        entry_type=entry.entry_type.lower(),
        venue=venue,
        volume=fields.get("volume") or None,
        number=fields.get("number") or None,
        pages=fields.get("pages") or None,
        publisher=decoded.get("publisher"),
        keywords=tuple(k for k in re.split(r"\s*[,;]\s*", fields.get("keywords", "")) if k),
        year=year,
    ), _ampersands(fields) + name_problems
