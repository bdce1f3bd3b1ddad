"""Ranking the common query shapes (words, exact phrases, all or any of several) with
numpy over whole posting lists.

Whoosh scores a match through a dozen Python calls per posting (matcher, scorer, column,
collector). Here a term is two arrays (document numbers, weights, read a block at a time
by index_blocks), BM25 is one vector expression over a per-field array of length
norms kept with the searcher, AND and OR are sorted-array operations, and the best hits
come from a partial sort. Scores are the same floating-point operations in the same
order as before, so the order is exactly Whoosh's (ties: lower document number first).
Anything else (wildcards left over, NOT, ranges) goes to Whoosh's own searcher.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from reader.core.index_blocks import Postings, read_postings

# Whoosh's BM25F defaults, which the index is searched with.
_B = 0.75
_K1 = 1.2
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], np.float64)


def contains(sorted_ids: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """For each of docs, whether it is in sorted_ids (both ascending)."""
    if not len(sorted_ids):
        return np.zeros(len(docs), bool)
    at = np.searchsorted(sorted_ids, docs)
    at[at == len(sorted_ids)] = 0
    return sorted_ids[at] == docs


def distinct(ordered: np.ndarray) -> np.ndarray:
    """An ascending array without repeats (np.unique would import numpy.ma)."""
    if not len(ordered):
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def has_doc(ids: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """contains() for document numbers: a mask as long as the index, several times
    faster than a binary search per document."""
    if not len(ids) or not len(docs):
        return np.zeros(len(docs), bool)
    mask = np.zeros(max(int(ids[-1]), int(docs[-1])) + 1, bool)
    mask[ids] = True
    return mask[docs]


def index_of(ids: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Where each of docs (all in ids, both ascending) is in ids."""
    if not len(docs):
        return np.zeros(0, np.int64)
    table = np.empty(int(ids[-1]) + 1, np.int64)
    table[ids] = np.arange(len(ids))
    return table[docs]


class _Node:
    """A query part over postings: the documents it matches (ascending) and their scores."""

    ids: np.ndarray

    def score(self, docs: np.ndarray) -> np.ndarray:
        """Scores of docs, a subset of ids (ascending)."""
        raise NotImplementedError


class _TermNode(_Node):
    def __init__(self, postings: Postings, k1p: float, norms: np.ndarray) -> None:
        self.postings = postings
        self.ids = postings.ids
        self._k1p, self._norms = k1p, norms

    def score(self, docs: np.ndarray) -> np.ndarray:
        w = self.postings.weights[index_of(self.ids, docs)]
        return w * self._k1p / (w + self._norms[docs])


class _PhraseNode(_Node):
    """Words next to each other, in order: the words' common documents, checked by
    position (positions are read for those documents only)."""

    def __init__(self, terms: list[_TermNode], ids: np.ndarray | None = None) -> None:
        self.terms = terms
        if ids is not None:  # known from an earlier search
            self.ids = ids
            return
        both = _intersect([t.ids for t in terms])
        keys = [_position_keys(t.postings, index_of(t.ids, both), both) for t in terms]
        starts = keys[0]
        for i, later in enumerate(keys[1:], 1):
            starts = starts[contains(later, starts + i)]
        self.ids = distinct(starts >> 32)

    def score(self, docs: np.ndarray) -> np.ndarray:
        return _summed([t.score(docs) for t in self.terms])


def _position_keys(postings: Postings, index: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """document << 32 | position for every position of the given postings, ascending.

    A value is CompactPositions: a 4-byte count, then native 32-bit position deltas."""
    if not len(index):
        return np.empty(0, np.int64)
    joined, lengths = postings.values(index)
    sizes = lengths // 4
    words = np.frombuffer(joined, np.uint32).astype(np.int64)
    heads = np.cumsum(sizes) - sizes
    words[heads] = 0  # the counts: each posting's deltas now sum from zero
    total = np.cumsum(words)
    positions = total - np.repeat(total[heads], sizes)
    deltas = np.ones(len(words), bool)
    deltas[heads] = False
    return (np.repeat(docs, sizes - 1) << 32) | positions[deltas]


class _AndNode(_Node):
    def __init__(self, kids: list[_Node]) -> None:
        self.kids = kids
        self.ids = _intersect([k.ids for k in kids])

    def score(self, docs: np.ndarray) -> np.ndarray:
        return _summed([k.score(docs) for k in self.kids])


class _OrNode(_Node):
    def __init__(self, kids: list[_Node]) -> None:
        self.kids = kids
        self.ids = distinct(np.sort(np.concatenate([k.ids for k in kids])))

    def score(self, docs: np.ndarray) -> np.ndarray:
        total = np.zeros(len(docs))
        for kid in self.kids:
            mine = has_doc(kid.ids, docs)
            total[mine] = total[mine] + kid.score(docs[mine])
        return total


def _intersect(lists: list[np.ndarray]) -> np.ndarray:
    """Documents in every list, smallest list first."""
    ordered = sorted(lists, key=len)
    common = ordered[0]
    for other in ordered[1:]:
        common = common[has_doc(other, common)]
    return common


def _summed(parts: list[np.ndarray]) -> np.ndarray:
    # Left to right, as Python's sum() added them: the same floats to the last bit.
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def best(docs: np.ndarray, scores: np.ndarray, limit: int | None) -> np.ndarray:
    """docs by descending score, ties by lower document number (docs ascending), cut
    to limit."""
    if limit is None or limit >= len(docs):
        return docs[np.argsort(-scores, kind="stable")]
    if limit <= 0:
        return docs[:0]
    kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
    near = np.flatnonzero(scores >= kth)  # every doc tied with the last place, too
    return docs[near[np.argsort(-scores[near], kind="stable")][:limit]]


class _Recent:
    """The most recently used values up to a total size."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[object, tuple[Any, int]] = OrderedDict()
        self._size = 0

    def get(self, key: object) -> Any:
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
            return hit[0]
        return None

    def put(self, key: object, value: Any, size: int) -> None:
        if size > self.limit:
            return
        old = self._items.pop(key, None)
        self._size += size - (old[1] if old else 0)
        self._items[key] = (value, size)
        while self._size > self.limit:
            self._size -= self._items.popitem(last=False)[1][1]


class Ranker:
    """BM25 over whole posting lists for one searcher (its norms are kept per field)."""

    # Postings (ids and weights, 16 bytes each) and phrase matches kept per searcher:
    # typing a search asks for the words typed so far again with each key. 0: none.
    recent_postings = 1_000_000

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self._norms: dict[str, np.ndarray] = {}
        self._places: dict[str, np.ndarray] = {}
        self._recent = _Recent(self.recent_postings)

    def supports(self, q: wq.Query) -> bool:
        """Terms and exact phrases joined by AND/OR (plain boosts only)."""
        if type(q) is wq.Term:
            return not isinstance(q.text, bytes)
        if type(q) is wq.Phrase:
            exact = q.slop == 1 and q.boost == 1.0 and getattr(q, "ordered", True)
            return exact and self._positional(q.fieldname)
        if type(q) in (wq.And, wq.Or) and q.boost == 1.0:
            return getattr(q, "minmatch", 0) <= 1 and all(self.supports(c) for c in q.subqueries)
        return False

    def _positional(self, field: str) -> bool:
        schema = self.searcher.schema
        return field in schema and bool(schema[field].format.supports("positions"))

    def rank(self, q: wq.Query, limit: int | None, allowed: np.ndarray) -> tuple[np.ndarray, int]:
        """The best documents of those allowed (a mask by document number), ties broken
        by lower document number as Whoosh does, and how many documents matched."""
        node = self._node(q)
        docs = node.ids[allowed[node.ids]]
        return best(docs, node.score(docs), limit), len(docs)

    def matching(self, q: wq.Query) -> np.ndarray:
        """Every document q matches, deleted ones included (ascending, no scores)."""
        return self._node(q).ids

    def places(self, column: str, descending: bool) -> np.ndarray:
        """Each document's place when all are sorted by a column (ties: lower number
        first), computed once per searcher."""
        if column not in self._places:
            reader = self.searcher.reader()
            values = list(reader.column_reader(column)) if reader.doc_count_all() else []
            order = sorted(range(len(values)), key=values.__getitem__, reverse=descending)
            place = np.empty(len(values), np.int64)
            place[np.array(order, np.int64)] = np.arange(len(values))
            self._places[column] = place
        return self._places[column]

    def by_place(
        self, docs: np.ndarray, column: str, descending: bool, limit: int | None
    ) -> np.ndarray:
        """docs in the column's order (see places), cut to limit."""
        place = self.places(column, descending)[docs]
        if limit is not None and limit < len(docs):
            if limit <= 0:
                return docs[:0]
            first = np.argpartition(place, limit - 1)[:limit]
            return docs[first[np.argsort(place[first])]]
        return docs[np.argsort(place)]

    def _node(self, q: wq.Query) -> _Node:
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, q.text, q.boost)
        if isinstance(q, wq.Phrase):
            return self._phrase(q.fieldname, list(q.words))
        kids = [self._node(c) for c in q.subqueries]
        return _AndNode(kids) if isinstance(q, wq.And) else _OrNode(kids)

    def _phrase(self, field: str, words: list[str]) -> _PhraseNode:
        key = (field, tuple(words))
        known = self._recent.get(key)
        if known is not None:
            return _PhraseNode([self._term(field, w, 1.0) for w in words], known)
        # A word much commoner than the rarest one needs positions from only a few of
        # its blocks; the others are read whole at once.
        counts = [self.searcher.doc_frequency(field, w) for w in words]
        least = min(counts)
        pairs = zip(words, counts, strict=True)
        node = _PhraseNode([self._term(field, w, 1.0, least * 32 >= n) for w, n in pairs])
        self._recent.put(key, node.ids, len(node.ids))
        return node

    def _term(self, field: str, text: Any, boost: float, whole: bool = False) -> _TermNode:
        # Whole blocks hold their inflated bytes: those postings are not kept.
        postings = None if whole else self._recent.get((field, text))
        if postings is None:
            postings = read_postings(self._leaves, field, text, whole)
            if not whole:
                self._recent.put((field, text), postings, len(postings.ids))
        k1p = (_K1 + 1) * self.searcher.idf(field, text) * boost
        return _TermNode(postings, k1p, self._norm(field))

    def _norm(self, field: str) -> np.ndarray:
        # BM25's length part, K1 * ((1 - B) + B * length / average length), per document.
        if field not in self._norms:
            avg = self.searcher.avg_field_length(field) or 1
            lengths = np.concatenate([_lengths(r, field) for r, _ in self._leaves] or [np.empty(0)])
            self._norms[field] = _K1 * ((1 - _B) + _B * lengths / avg)
        return self._norms[field]


def _lengths(reader: Any, field: str) -> np.ndarray:
    """Every document's length in field, as Whoosh stores it (one byte, 1 when the
    segment has no lengths for the field, 0 for no words)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN) if perdoc else None
    if column is None:
        if perdoc is not None:
            return np.ones(count)
        return np.array([reader.doc_field_length(d, field, 1) or 0 for d in range(count)], float)
    if column._typecode != "B":
        return np.array([byte_to_length(column[d]) if column[d] else 0 for d in range(count)])
    stored = np.frombuffer(column._dbfile.get(column._basepos, column._count), np.uint8)
    codes = np.zeros(count, np.uint8)
    codes[: len(stored)] = stored[:count]
    lengths = _LENGTH_OF_BYTE[codes]
    lengths[codes == 0] = 0
    return lengths
