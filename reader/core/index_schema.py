"""What the search index holds for a paper (its Whoosh schema and documents), and the
wider schema the query language is parsed with."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

from whoosh.analysis import (
    Filter,
    IDAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    SimpleAnalyzer,
    StemFilter,
    StemmingAnalyzer,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.system import _INT_SIZE, pack_uint

from reader.core.index_analysis import Analyze, Posting, Terms, WordSplitter, section_postings
from reader.core.models import Paper

# Bumped whenever the documents or the schema change: an index of another version is
# rebuilt from SQLite when the library opens (the window does it on its writer thread).
SCHEMA_VERSION = 3

# Whoosh-reloaded's default token pattern keeps '*' inside words (so "**bold**" in a
# Markdown note would never match "bold"); wildcards are handled by the query parser.
_WORDS = r"\w+(\.?\w+)*"

# Fields the query language filters on: answered from SQLite, never stored in the index,
# so starring, queueing, tagging or trashing a paper leaves the index alone.
FILTER_FIELDS = ("is", "status", "tag", "year")


# -- one combined default field --------------------------------------------------------

# Title, abstract and note go into one field, `text`, so a bare word reads one posting
# list instead of one per field. Sections sit GAP positions apart (no phrase spans two of
# them, and abstract: can find its own); title words weigh TITLE_BOOST as the old title
# field's boost did.
SEP = "\x1e"
GAP = 1 << 20
TITLE_BOOST = 3.0
ABSTRACT = 1  # the abstract's section number


class SectionTokenizer(Tokenizer):
    """Splits the combined text at SEP and tokenizes each section with the word pattern."""

    def __init__(self, expression: str = _WORDS) -> None:
        self.inner = RegexTokenizer(expression)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SectionTokenizer) and other.inner == self.inner

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:
        start = 0
        for section, part in enumerate(value.split(SEP)):
            boost = TITLE_BOOST if section == 0 and kwargs.get("mode") == "index" else 1.0
            last = -1
            for token in self.inner(part, **{**kwargs, "start_pos": start}):
                token.boost = boost
                token.section = section
                last = getattr(token, "pos", last)
                yield token
            start = last + 1 if last >= 0 else start


class SectionGapFilter(Filter):
    """Moves each section's positions GAP * section further (after stop-word renumbering)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SectionGapFilter)

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.positions:
                token.pos += getattr(token, "section", 0) * GAP
            yield token


def text_analyzer() -> Any:
    """StemmingAnalyzer's chain over sections: lowercase, stop words, Porter stems."""
    return (
        SectionTokenizer()
        | LowercaseFilter()
        | StopFilter(minsize=2)
        | StemFilter(cachesize=-1)
        | SectionGapFilter()
    )


class CompactPositions(Positions):
    """Positions packed as machine integers instead of a pickle per posting: the same
    information, several times cheaper to write at build time and to read for phrases."""

    def encode(self, poslist: list[int]) -> bytes:
        deltas = [b - a for a, b in zip([0, *poslist[:-1]], poslist, strict=True)]
        return bytes(pack_uint(len(deltas))) + array("I", deltas).tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        deltas = array("I")
        deltas.frombytes(valuestring[_INT_SIZE:])
        return list(accumulate(deltas))


_SPLIT = WordSplitter(_WORDS)
_STEMS = Terms(stemming=True)


def text_postings(value: str, terms: Terms) -> list[Posting]:
    """The `text` field's postings: title, abstract and note sections GAP apart, title
    words weighing TITLE_BOOST (what text_analyzer() gives, in one loop)."""
    return section_postings(value.split(SEP), _SPLIT, terms, (TITLE_BOOST,), GAP)


class TextPositions(CompactPositions):
    """The `text` field's postings, computed in one loop: exactly the tokens, positions
    and weights text_analyzer() gives (a test holds the two together), without a Token
    object passing through five generators per word, which was most of a rebuild."""

    def word_values(self, value: str, analyzer: Any, **kwargs: Any) -> Iterator[tuple]:
        if kwargs.get("mode", "index") != "index":
            yield from super().word_values(value, analyzer, **kwargs)
            return
        fb = self.field_boost
        for term, freq, weight, encoded in text_postings(value, _STEMS):
            yield (term.decode(), freq, weight * fb, encoded)


def fast_analyzers() -> dict[str, Analyze]:
    """Per positional field of index_schema(), its postings in one loop (the same as the
    field's analyzer and format give: tests hold them equal), with caches for one build."""
    stemmed, plain = Terms(stemming=True), Terms(stemming=False)

    def title(value: str) -> list[Posting]:
        return [
            (t, n, w * TITLE_BOOST, v) for t, n, w, v in section_postings((value,), _SPLIT, stemmed)
        ]

    return {
        "text": lambda value: text_postings(value, stemmed),
        "title": title,
        "author": lambda value: section_postings((value,), _SPLIT, plain),
        "note": lambda value: section_postings((value,), _SPLIT, stemmed),
    }


def _text_field(**kwargs: Any) -> TEXT:
    field = TEXT(**kwargs)
    field.format = CompactPositions(field_boost=field.format.field_boost)
    return field


def index_schema() -> Schema:
    """The fields the index stores: the paper's text and its sort keys."""
    stemmed = StemmingAnalyzer(expression=_WORDS, cachesize=-1)
    text = TEXT(analyzer=text_analyzer())
    text.format = TextPositions()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        text=text,
        title=_text_field(analyzer=stemmed, field_boost=TITLE_BOOST),
        author=_text_field(analyzer=SimpleAnalyzer(expression=_WORDS)),
        note=_text_field(analyzer=stemmed),
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
    schema.add("abstract", TEXT(analyzer=StemmingAnalyzer(expression=_WORDS)))
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
        "text": SEP.join((paper.title, paper.abstract, paper.note)),
        "title": paper.title,
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
