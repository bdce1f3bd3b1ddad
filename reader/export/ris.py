"""RIS export: `TY  - ` ... `ER  - ` records, one tag per line."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from reader.core.models import Paper
from reader.export.bibtex import check_key, date_parts, main_url
from reader.export.venue import publication

LINE_RE = re.compile(r"[A-Z][A-Z0-9]  - .*|ER  - ")


def _one_line(text: str | None) -> str:
    # RIS has no portable continuation lines: a note line reading `ER  - ` would end the
    # record, so every value is collapsed onto its tag's line.
    return " ".join((text or "").split())


_RIS_TYPES = {"article": "JOUR", "inproceedings": "CONF", "incollection": "CHAP", "book": "BOOK"}


def _lines(paper: Paper, include_notes: bool) -> Iterator[tuple[str, str | None]]:
    published_in = publication(paper)
    kind = published_in.type if published_in else ""
    yield "TY", _RIS_TYPES.get(kind, "GEN")
    yield "ID", check_key(paper.citekey)
    yield "TI", paper.title
    for author in paper.authors:
        if author.family.strip():
            yield "AU", ", ".join(p for p in (author.family, author.given) if p.strip())
        else:
            yield "AU", author.name
    parts = date_parts(paper.published)
    if parts:
        year, month, day = parts
        yield "PY", str(year)
        yield "DA", f"{year:04d}/{month or 0:02d}/{day or 0:02d}/".replace("/00", "/")
    venue = published_in.venue if published_in else None
    yield ("JO" if kind == "article" else "T2"), venue
    yield "VL", paper.volume
    yield "IS", paper.number
    yield "SP", paper.pages
    yield "PB", paper.publisher
    yield "AB", paper.abstract
    yield "UR", main_url(paper)
    yield "DO", paper.doi
    yield "AN", f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else None
    for tag in paper.tags:
        yield "KW", tag
    if include_notes:
        yield "N1", paper.note


def ris_record(paper: Paper, *, include_notes: bool) -> str:
    """One record; empty values are left out."""
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in _lines(paper, include_notes)]
    lines = [line for line in lines if not line.endswith("  - ")]
    return "\n".join([*lines, "ER  - "]) + "\n"


def export_ris(papers: Sequence[Paper], *, include_notes: bool = False) -> str:
    """RIS text, records separated by blank lines."""
    return "\n".join(ris_record(p, include_notes=include_notes) for p in papers)
