"""The query language on the index: Whoosh parses it; filter words become paper-id sets
from SQLite (search_filters), matched by document number beside Whoosh's text matching."""

from __future__ import annotations

import copy
import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.qparser import FieldAliasPlugin, GtLtPlugin, MultifieldParser
from whoosh.query.spans import SpanWrappingMatcher, WrappingSpan
from whoosh.searching import Searcher

from reader.core.index_schema import ABSTRACT, FILTER_FIELDS, GAP, parse_schema
from reader.core.query_syntax import FIELD_ALIASES, validate
from reader.core.search_filters import FilterSets

if TYPE_CHECKING:  # numpy loads with the first search, not with the library
    import numpy as np

    from reader.core.index_rank import Ranker

# A bare word searches title, abstract and note (one field, `text`), authors, tags (from
# SQLite) and citation keys: query_syntax.DEFAULT_FIELDS, with the first three combined.
_DEFAULT_FIELDS = ["text", "author", "tag", "citekey"]


class DocMap:
    """Paper ids <-> document numbers of one searcher (live documents only), as numpy
    arrays; built with the first search, which is where numpy loads."""

    def __init__(self, searcher: Searcher) -> None:
        import numpy as np

        from reader.core.index_rank import Ranker

        reader = searcher.reader()
        count = reader.doc_count_all()
        self.live = np.zeros(count, bool)
        self.live[np.fromiter(reader.all_doc_ids(), np.int64)] = True
        # An index with no segment yet (an empty library) has no column to read.
        ids = reader.column_reader("id") if count else ()
        stored = np.fromiter((int(v) for v in ids), np.int64, count)
        self.papers = np.where(self.live, stored, -1)  # paper id by document number
        self._by_paper = np.flatnonzero(self.live)[np.argsort(stored[self.live])]
        self._sorted_papers = self.papers[self._by_paper]
        self.ranker: Ranker = Ranker(searcher)  # its length norms live as long as the searcher
        self.leaves = {
            id(sub): (offset, sub.doc_count_all()) for sub, offset in searcher.leaf_searchers()
        }

    def docs(self, paper_ids: Iterable[int]) -> np.ndarray:
        """Documents of the given papers that are in the index, ascending."""
        import numpy as np

        wanted = np.fromiter(paper_ids, np.int64)
        known = self._sorted_papers
        if not len(known) or not len(wanted):
            return np.empty(0, np.int64)
        at = np.searchsorted(known, wanted)
        at[at == len(known)] = 0
        return np.sort(self._by_paper[at[known[at] == wanted]])

    def docnums(self, paper_ids: Iterable[int]) -> set[int]:
        """Documents of the given papers that are in the index."""
        return set(self.docs(paper_ids).tolist())

    def among(
        self, docs: list[int], keep: np.ndarray | None, drop: np.ndarray | None
    ) -> np.ndarray:
        """The given documents (ascending) that keep holds, else live ones not in drop."""
        import numpy as np

        found = np.array(docs, np.int64)
        return found[self.allowed(keep, drop)[found]]

    def allowed(self, keep: np.ndarray | None, drop: np.ndarray | None) -> np.ndarray:
        """A mask by document number: keep's documents, else live ones not in drop."""
        import numpy as np

        if keep is not None:
            mask = np.zeros_like(self.live)
            mask[keep] = True
            return mask
        mask = self.live.copy()
        if drop is not None:
            mask[drop] = False
        return mask


class DocSet(wq.Query):
    """A leaf matching a fixed set of papers (a filter word answered from SQLite)."""

    def __init__(self, papers: frozenset[int], docmap: DocMap, boost: float = 1.0) -> None:
        self.papers = papers
        self.docmap = docmap
        self.boost = boost
        self._sorted: list[int] | None = None

    def __repr__(self) -> str:
        return f"DocSet({len(self.papers)} papers)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocSet) and other.papers == self.papers

    def __hash__(self) -> int:
        return hash(self.papers)

    def __deepcopy__(self, memo: object) -> DocSet:
        return self  # immutable, and copying would copy the whole document map

    def __copy__(self) -> DocSet:
        return self

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader: object) -> int:
        return len(self.papers)

    def estimate_min_size(self, ixreader: object) -> int:
        return len(self.papers)

    def matcher(self, searcher: Searcher, context: object = None) -> object:
        if self._sorted is None:
            self._sorted = self.docmap.docs(self.papers).tolist()
        offset, count = self.docmap.leaves.get(id(searcher), (0, searcher.doc_count_all()))
        local = [d - offset for d in self._sorted if offset <= d < offset + count]
        if not local:
            return NullMatcher()
        return ListMatcher(local, all_weights=self.boost)


@dataclass(frozen=True)
class Plan:
    """A parsed query split for evaluation: text for Whoosh (None: filters only), and the
    papers the filters allow (None: no filter at the top level)."""

    text: wq.Query | None
    allowed: frozenset[int] | None


def make_parser(schema: Schema) -> MultifieldParser:
    """The query language's parser over the given schema (default fields, aliases, ranges)."""
    parser = MultifieldParser(_DEFAULT_FIELDS, schema)
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(GtLtPlugin())
    return parser


class QueryPlanner:
    """Parses the query language and answers its filter words from SQLite."""

    def __init__(self) -> None:
        self.schema = parse_schema()
        self.parser = make_parser(self.schema)

    def parse(self, text: str) -> wq.Query:
        """The Whoosh query for text (QueryError, with a readable message, when malformed)."""
        validate(text)
        return self.parser.parse(text)

    def tag_tokens(self, name: str) -> list[str]:
        """The words the tag field's analyzer makes of a tag name."""
        return [t.text for t in self.schema["tag"].analyzer(name)]

    def plan(self, q: wq.Query, sets: FilterSets, docmap: Callable[[], DocMap]) -> Plan:
        """Filter leaves become paper sets; top-level filter conjuncts are lifted out."""
        resolved = _Resolver(self.schema, sets).resolve(q)
        if isinstance(resolved, frozenset):
            return Plan(None, resolved)
        if isinstance(resolved, _Tree) and resolved.kind == "and":
            lifted = [c for c in resolved.children if isinstance(c, frozenset)]
            rest = [c for c in resolved.children if not isinstance(c, frozenset)]
            allowed = frozenset.intersection(*lifted) if lifted else None
            text = rest[0] if len(rest) == 1 else _Tree("and", rest, resolved.boost)
            return Plan(_to_whoosh(text, docmap()), allowed)
        return Plan(_to_whoosh(resolved, docmap()), None)


class _Tree:
    """A compound query whose children may be paper sets (before going back to Whoosh)."""

    def __init__(
        self, kind: str, children: list[object], boost: float, raw: wq.Query | None = None
    ) -> None:
        self.kind = kind
        self.children = children
        self.boost = boost
        self.raw = raw  # the original compound, rebuilt with new children


_SET_KINDS = {wq.And: "and", wq.Or: "or", wq.Not: "not", wq.AndNot: "andnot"}


class _Resolver:
    """Turns filter leaves into frozensets of paper ids, folding pure-filter subtrees."""

    def __init__(self, schema: Schema, sets: FilterSets) -> None:
        self.schema = schema
        self.sets = sets

    def resolve(self, q: wq.Query) -> object:
        if q.is_leaf():
            if q.field() == "abstract":
                return in_abstract(q)
            return self._leaf(q) if q.field() in FILTER_FIELDS else q
        kids = [self.resolve(c) for c in q.children()]
        kind = _SET_KINDS.get(type(q))
        if kind == "or" and getattr(q, "minmatch", 0) > 1:
            kind = None  # "at least n of": leave to Whoosh
        sets = [k for k in kids if isinstance(k, frozenset)]
        if kind and len(sets) == len(kids):
            return self._fold(kind, sets)
        return _Tree(kind or "raw", kids, q.boost, q)

    def _fold(self, kind: str, kids: list[frozenset[int]]) -> frozenset[int]:
        if kind == "and":
            return frozenset.intersection(*kids)
        if kind == "or":
            return frozenset().union(*kids)
        if kind == "not":
            return self.sets.all_ids() - kids[0]
        return kids[0] - kids[1]

    def _leaf(self, q: wq.Query) -> frozenset[int]:
        field = q.field()
        words = [w for w in self.sets.vocabulary(field) if _leaf_matches(q, w, self.schema)]
        return frozenset().union(*(self.sets.ids(field, w) for w in words))


def _leaf_matches(q: wq.Query, word: object, schema: Schema) -> bool:
    """Whether a filter leaf would have matched this indexed word."""
    field = q.field()
    if isinstance(q, wq.Every):
        return True
    if isinstance(q, wq.NumericRange) or (field == "year" and isinstance(q, wq.TermRange)):
        return _in_range(word, q.start, q.end, q.startexcl, q.endexcl)
    if isinstance(q, wq.TermRange):
        return _in_range(word, q.start, q.end, q.startexcl, q.endexcl)
    if isinstance(q, wq.Prefix):
        return str(word).startswith(q.text)
    if isinstance(q, wq.Wildcard):
        return re.match(fnmatch.translate(q.text), str(word)) is not None
    if isinstance(q, wq.Term):
        text = q.text
        if field == "year" and isinstance(text, bytes):
            text = schema["year"].from_bytes(text)
        return bool(text == word)
    if isinstance(q, wq.Phrase):  # a quoted tag name: the words together as one tag
        return bool(" ".join(q.words) == word)
    return False


def _in_range(word: object, start: object, end: object, sx: bool, ex: bool) -> bool:
    try:
        if start is not None and (word < start or (sx and word == start)):  # type: ignore[operator]
            return False
        return not (end is not None and (word > end or (ex and word == end)))  # type: ignore[operator]
    except TypeError:
        return False


def _to_whoosh(node: object, docmap: DocMap) -> wq.Query:
    """Back to a Whoosh query: paper sets become DocSet leaves."""
    if isinstance(node, frozenset):
        return DocSet(node, docmap)
    if isinstance(node, _Tree):
        kids = [_to_whoosh(c, docmap) for c in node.children]
        if node.raw is None:
            return wq.And(kids, boost=node.boost)
        raw = node.raw
        if isinstance(raw, wq.Not):
            return wq.Not(kids[0], boost=raw.boost)
        if isinstance(raw, wq.BinaryQuery):
            return type(raw)(kids[0], kids[1])
        rebuilt = copy.copy(raw)  # shallow: the children are replaced
        rebuilt.subqueries = kids
        return rebuilt
    assert isinstance(node, wq.Query)
    return node


def in_abstract(q: wq.Query) -> wq.Query:
    """An abstract: leaf as the same leaf on `text`, kept to the abstract's positions."""
    on_text = q.copy()
    on_text.fieldname = "text"
    if isinstance(on_text, wq.Every):
        return on_text  # every paper with any text: abstracts cannot be told apart here
    return InSection(on_text, ABSTRACT)


class InSection(WrappingSpan):
    """Matches where the wrapped query matches inside one section of the `text` field."""

    def __init__(self, q: wq.Query, section: int) -> None:
        self.q = q
        self.section = section

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InSection) and other.q == self.q and other.section == self.section

    def __hash__(self) -> int:
        return hash(self.q) ^ self.section

    def estimate_size(self, ixreader: object) -> int:
        # Or and And order their parts by size: at most the wrapped query's matches.
        return int(self.q.estimate_size(ixreader))

    def matcher(self, searcher: Searcher, context: object = None) -> object:
        # Prefixes and wildcards become the terms they stand for, each with positions.
        child = self.q.simplify(searcher.reader()).matcher(searcher, context)
        if not child.is_active():
            return NullMatcher()
        return _InSectionMatcher(child, self.section)


class _InSectionMatcher(SpanWrappingMatcher):
    def __init__(self, child: object, section: int) -> None:
        self.section = section
        super().__init__(child)

    def copy(self) -> _InSectionMatcher:
        return _InSectionMatcher(self.child.copy(), self.section)

    def _replacement(self, newchild: object) -> _InSectionMatcher:
        return _InSectionMatcher(newchild, self.section)

    def _get_spans(self) -> list[object]:
        low = self.section * GAP
        return [s for s in self.child.spans() if low <= s.start and s.end < low + GAP]


def prune(q: wq.Query, reader: object) -> wq.Query | None:
    """q without the words the index does not hold (None: q matches nothing).

    The parser asks every default field for every word; most of those terms exist in one
    field only. Dropping the rest leaves one posting list per word, which Whoosh can
    intersect and rank with its block skipping instead of merging empty unions.
    """
    if isinstance(q, wq.Term) and not isinstance(q.text, bytes):
        return q if (q.fieldname, q.text) in reader else None  # type: ignore[operator]
    if isinstance(q, DocSet) and not q.papers:
        return None
    if isinstance(q, wq.Phrase):
        present = all((q.fieldname, w) in reader for w in q.words)  # type: ignore[operator]
        return q if present else None
    if isinstance(q, wq.Or) and q.minmatch <= 1:
        kids = [k for k in (prune(c, reader) for c in q.subqueries) if k is not None]
        if len(kids) <= 1 and q.boost == 1.0:
            return kids[0] if kids else None
        return _with_children(q, kids) if kids else None
    if isinstance(q, wq.And):
        kids = [prune(c, reader) for c in q.subqueries]
        if any(k is None for k in kids):
            return None
        if len(kids) == 1 and q.boost == 1.0:
            return kids[0]
        return _with_children(q, kids)
    return q


def _with_children(q: wq.Query, kids: list[wq.Query | None]) -> wq.Query:
    rebuilt = copy.copy(q)
    rebuilt.subqueries = kids
    return rebuilt
