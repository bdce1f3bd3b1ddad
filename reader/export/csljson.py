"""CSL-JSON export (pandoc, Zotero, citeproc): a JSON array of items keyed by citekey."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from reader.core.models import Author, Paper
from reader.export.bibtex import check_key, date_parts, main_url
from reader.export.venue import publication


def _name(author: Author) -> dict[str, str] | None:
    if author.family.strip():
        name = {"family": author.family.strip()}
        if author.given.strip():
            name["given"] = author.given.strip()
        return name
    # CSL's `literal` keeps a name the source never split; guessing a split would be wrong.
    return {"literal": author.name.strip()} if author.name.strip() else None


_CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "incollection": "chapter",
    "book": "book",
}


def csl_item(paper: Paper, *, include_notes: bool) -> dict[str, Any]:
    """One CSL item; empty fields are left out rather than written as empty strings."""
    published_in = publication(paper)
    item: dict[str, Any] = {
        "id": check_key(paper.citekey),
        "type": _CSL_TYPES[published_in.type] if published_in else "article",
        "title": " ".join(paper.title.split()),
    }
    authors = [n for n in map(_name, paper.authors) if n]
    if authors:
        item["author"] = authors
    parts = date_parts(paper.published)
    if parts:
        item["issued"] = {"date-parts": [[p for p in parts if p is not None]]}
    optional = {
        "container-title": published_in.venue if published_in else None,
        "volume": paper.volume,
        "issue": paper.number,
        "page": paper.pages,
        "publisher": paper.publisher,
        "abstract": paper.abstract.strip(),
        "URL": main_url(paper),
        "DOI": paper.doi,
        "number": paper.arxiv_id,
        "archive": "arXiv" if paper.arxiv_id else None,
        "keyword": ", ".join(paper.tags),
        "note": paper.note if include_notes else None,
    }
    item.update({k: v for k, v in optional.items() if v})
    return item


def export_csljson(papers: Sequence[Paper], *, include_notes: bool = False) -> str:
    """The JSON text (UTF-8, indented, newline-terminated)."""
    items = [csl_item(p, include_notes=include_notes) for p in papers]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
