"""Parser for a plain list of identifiers: arXiv ids, arXiv/HF paper URLs, DOIs, doi.org URLs."""

from __future__ import annotations

import re
from dataclasses import replace

from reader.core.identity import normalise_doi, split_arxiv_id
from reader.core.models import Link, PaperRecord, ParseResult, Skip
from reader.feeds.errors import FeedError
from reader.feeds.fields import arxiv_year, check_size
from reader.feeds.text import decode_text

KIND, LABEL = "ids", "identifier list"
MAX_IDS_BYTES = 10_000_000
_HF_PAPER = re.compile(r"^https?://(?:www\.)?huggingface\.co/papers/([^/?#\s]+)/?$", re.I)
_ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(\S+?)(?:\.pdf)?/?(?:[?#]\S*)?$", re.I
)
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)
# A list may be pasted from a document: tolerate a few non-id lines, not a page of prose.
_MIN_SHARE = 0.8


def identifier(line: str) -> PaperRecord | None:
    """A pending record for one identifier, or None when the line is not one."""
    text = line.strip().strip("<>")
    match = _HF_PAPER.match(text) or _ARXIV_URL.match(text)
    arxiv = split_arxiv_id(match.group(1) if match else text)
    if arxiv:
        abs_url = f"https://arxiv.org/abs/{arxiv[0]}"
        return PaperRecord(
            title="",
            arxiv_id=arxiv[0],
            arxiv_version=arxiv[1],
            links=(Link("abs", abs_url),),
            pending=True,
            year=arxiv_year(arxiv[0]),
        )
    doi_match = _DOI.match(text)
    if doi_match:
        doi = doi_match.group(1).rstrip(".,;")
        return PaperRecord(
            title="", doi=doi, links=(Link("doi", f"https://doi.org/{doi}"),), pending=True
        )
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    return [
        (number, line.strip())
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def looks_like_ids(text: str) -> bool:
    """Most non-blank lines (at least 80%) are identifiers."""
    lines = _lines(text[:200_000])
    hits = sum(identifier(line) is not None for _, line in lines[:500])
    return bool(lines) and hits >= _MIN_SHARE * min(len(lines), 500)


def parse_ids(data: bytes) -> ParseResult:
    """Pending records (no title yet: a lookup fills them in), one per distinct identifier.

    Records carry `title=""` and `pending=True`; other lines are reported as skipped.
    """
    check_size(data, MAX_IDS_BYTES, "the identifier list")
    records: list[PaperRecord] = []
    skipped: list[Skip] = []
    seen: set[str] = set()
    for number, line in _lines(decode_text(data)):
        record = identifier(line)
        if record is None:
            skipped.append(
                Skip(f"line {number}", f"not an arXiv id, DOI or paper URL: {line[:80]!r}")
            )
            continue
        key = record.arxiv_id or normalise_doi(record.doi or "")
        if key not in seen:
            seen.add(key)
            records.append(replace(record, line=number))
    if not records:
        raise FeedError("no arXiv ids, DOIs or paper URLs found")
    return ParseResult(records, skipped, kind=KIND, label=LABEL)
