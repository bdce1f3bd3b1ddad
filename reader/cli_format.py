"""How the command line prints papers: one-line rows, a detail view, JSON objects."""

from __future__ import annotations

import shutil

from reader.core.import_log import PaperSource
from reader.core.models import Paper


def paper_json(paper: Paper) -> dict[str, object]:
    """The JSON object for one paper (stable field names; documented in the README)."""
    return {
        "id": paper.id,
        "citekey": paper.citekey,
        "title": paper.title,
        "abstract": paper.abstract,
        "authors": [a.name for a in paper.authors],
        "year": paper.year,
        "published": paper.published,
        "listing_date": paper.listing_date,
        "arxiv_id": paper.arxiv_id,
        "doi": paper.doi,
        "categories": list(paper.categories),
        "links": [{"kind": link.kind, "url": link.url} for link in paper.links],
        "tags": list(paper.tags),
        "starred": paper.starred,
        "status": paper.status.value,
        "note": paper.note,
        "trashed": paper.trashed,
        "added": paper.added,
        "source": paper.source,
        "pending": paper.pending,  # an identifier awaiting lookup: no metadata yet
        "updated": paper.updated_flag,  # a new version since the user engaged with it
        "arxiv_version": paper.arxiv_version,
        "entry_type": paper.entry_type,
        "venue": paper.venue,
        "journal_ref": paper.journal_ref,
        "keywords": list(paper.keywords),
    }


def paper_line(paper: Paper) -> str:
    """'  12 * queued  citekey  Title…' fitted to the terminal width."""
    star = "*" if paper.starred else " "
    head = f"{paper.id:>5} {star} {paper.status.value:<8} {paper.citekey:<28} "
    width = shutil.get_terminal_size((120, 20)).columns
    room = max(20, width - len(head))
    shown = _display_title(paper)
    title = shown if len(shown) <= room else shown[: room - 1] + "…"
    return head + title


def _display_title(paper: Paper) -> str:
    if paper.pending and not paper.title:
        return f"(awaiting lookup) {paper.arxiv_id or paper.doi or ''}".rstrip()
    return paper.title


def paper_text(paper: Paper, sources: list[PaperSource] | None = None) -> str:
    """A readable detail view for `reader show`."""
    flags = ["UPDATED: a new version since you read it"] if paper.updated_flag else []
    lines = [_display_title(paper), *flags, ""]
    fields = [
        ("id", str(paper.id)),
        ("citekey", paper.citekey),
        ("authors", ", ".join(a.name for a in paper.authors)),
        ("date", paper.date or ""),
        (
            "arXiv",
            paper.arxiv_id + (f"v{paper.arxiv_version}" if paper.arxiv_version else "")
            if paper.arxiv_id
            else "",
        ),
        ("venue", paper.venue or paper.journal_ref or ""),
        ("DOI", paper.doi or ""),
        ("status", paper.status.value + ("  (in trash)" if paper.trashed else "")),
        ("starred", "yes" if paper.starred else ""),
        ("tags", ", ".join(paper.tags)),
        ("source", paper.source),
        ("added", paper.added),
    ]
    lines += [f"{name:>8}: {value}" for name, value in fields if value]
    lines += [f"{link.kind:>8}: {link.url}" for link in paper.links]
    for n, source in enumerate(sources or []):
        head = "sources:" if n == 0 else ""
        lines.append(f"{head:>9} {source.seen[:10]}  {source.source}")
    lines += ["", paper.abstract]
    if paper.previous_abstract:
        lines += ["", "--- previous version's abstract ---", paper.previous_abstract]
    if paper.note:
        lines += ["", "--- note ---", paper.note.rstrip("\n")]
    return "\n".join(lines)
