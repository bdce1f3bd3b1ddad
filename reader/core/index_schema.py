"""What the search index holds for a paper (its Whoosh schema and documents), and the
wider schema the query language is parsed with."""

from __future__ import annotations

import hashlib

from whoosh.analysis import IDAnalyzer, SimpleAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from reader.core.models import Paper

# Bumped whenever the documents or the schema change: an index of another version is
# rebuilt from SQLite when the library opens (the window does it on its writer thread).
SCHEMA_VERSION = 2

# Whoosh-reloaded's default token pattern keeps '*' inside words (so "**bold**" in a
# Markdown note would never match "bold"); wildcards are handled by the query parser.
_WORDS = r"\w+(\.?\w+)*"

# Fields the query language filters on: answered from SQLite, never stored in the index,
# so starring, queueing, tagging or trashing a paper leaves the index alone.
FILTER_FIELDS = ("is", "status", "tag", "year")


def index_schema() -> Schema:
    """The fields the index stores: the paper's text and its sort keys."""
    stem = StemmingAnalyzer(expression=_WORDS)
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=stem, field_boost=3.0),
        abstract=TEXT(analyzer=stem),
        author=TEXT(analyzer=SimpleAnalyzer(expression=_WORDS)),
        note=TEXT(analyzer=stem),
        citekey=ID(analyzer=IDAnalyzer(lowercase=True)),
        date=ID(sortable=True),
        added=ID(sortable=True),
        sort_title=ID(sortable=True),
        stamp=STORED(),
    )


def parse_schema() -> Schema:
    """The index's fields plus the filter fields, so the parser reads `is:`, `tag:`,
    `status:` and `year:` exactly as when they were indexed."""
    schema = index_schema()
    schema.add("tag", KEYWORD(lowercase=True, commas=True, scorable=True))
    schema.add("status", ID())
    schema.add("is", KEYWORD(lowercase=True))
    schema.add("year", NUMERIC(int, bits=32))
    return schema


def paper_flags(paper: Paper) -> list[str]:
    """The words `is:` matches for a paper (search_filters answers them from SQLite)."""
    flags = [paper.status.value, "starred" if paper.starred else "unstarred"]
    if paper.trashed:
        flags.append("trashed")
    if paper.note.strip():
        flags.append("noted")
    if paper.tags:
        flags.append("tagged")
    if paper.revised:
        flags.append("updated")  # a new version since the user engaged with it
    if paper.pending:
        flags.append("pending")  # an identifier awaiting lookup
    return flags


def document(paper: Paper) -> dict[str, object]:
    """The index document for a paper: only what changes when its text changes."""
    doc: dict[str, object] = {
        "id": str(paper.id),
        "title": paper.title,
        "abstract": paper.abstract,
        "author": " ; ".join(a.name for a in paper.authors),
        "note": paper.note,
        "citekey": paper.citekey,
        "date": paper.date or "",
        "added": paper.added,
        "sort_title": paper.title.casefold(),
    }
    doc["stamp"] = stamp(doc)
    return doc


def stamp(doc: dict[str, object]) -> str:
    """A digest of everything indexed for one paper, to spot stale documents."""
    text = "\x1f".join(f"{k}={doc[k]}" for k in sorted(doc) if k != "stamp")
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def document_stamp(paper: Paper) -> str:
    """The stamp the index should hold for this paper."""
    return str(document(paper)["stamp"])
