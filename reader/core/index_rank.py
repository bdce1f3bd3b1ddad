"""Ranking the common query shapes (words, all of several words) a block at a time.

Whoosh scores a match through a dozen Python calls per posting (matcher, scorer, column,
collector). For terms combined with AND and OR, the same BM25 scores come from whole
posting blocks read at once, a per-field table of length norms kept with the searcher,
and dict and set operations: several times faster at 100k papers. Anything else
(phrases, wildcards left over, NOT) goes to Whoosh's own searcher.
"""

from __future__ import annotations

import heapq
from itertools import accumulate
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher

# Whoosh's BM25F defaults, which the index is searched with.
_B = 0.75
_K1 = 1.2


class _Node:
    """A query part over postings: the documents it matches and their scores."""

    ids: set[int]

    def score(self, docs: list[int]) -> list[float]:
        raise NotImplementedError


class _TermNode(_Node):
    def __init__(self, ids: list[int], weights: list[float], k1p: float, norms: list[float]):
        self.values: list[bytes] = []  # the postings' positions, when a phrase needs them
        self.ids = set(ids)
        self._ids, self._w = ids, weights
        self._k1p, self._norms = k1p, norms

    def score(self, docs: list[int]) -> list[float]:
        weight = dict(zip(self._ids, self._w, strict=True))
        k1p, norms = self._k1p, self._norms
        return [weight[d] * k1p / (weight[d] + norms[d]) for d in docs]


class _PhraseNode(_Node):
    """Words next to each other, in order: the words' documents, checked by position."""

    def __init__(self, terms: list[_TermNode], decode: Any) -> None:
        self.terms = terms
        ordered = sorted((t.ids for t in terms), key=len)
        values = [dict(zip(t._ids, t.values, strict=True)) for t in terms]
        self.ids = {
            d
            for d in ordered[0].intersection(*ordered[1:])
            if _adjacent([decode(v[d]) for v in values])
        }

    def score(self, docs: list[int]) -> list[float]:
        return [sum(s) for s in zip(*(t.score(docs) for t in self.terms), strict=True)]


def _adjacent(positions: list[list[int]]) -> bool:
    later = [set(p) for p in positions[1:]]
    return any(all(p + i in s for i, s in enumerate(later, 1)) for p in positions[0])


class _AndNode(_Node):
    def __init__(self, kids: list[_Node]) -> None:
        self.kids = kids
        ordered = sorted((k.ids for k in kids), key=len)
        self.ids = ordered[0].intersection(*ordered[1:])

    def score(self, docs: list[int]) -> list[float]:
        return [sum(s) for s in zip(*(k.score(docs) for k in self.kids), strict=True)]


class _OrNode(_Node):
    def __init__(self, kids: list[_Node]) -> None:
        self.kids = kids
        self.ids = set().union(*(k.ids for k in kids))

    def score(self, docs: list[int]) -> list[float]:
        total = [0.0] * len(docs)
        for kid in self.kids:
            mine = [d for d in docs if d in kid.ids]
            where = {d: s for d, s in zip(mine, kid.score(mine), strict=True)}
            total = [t + where.get(d, 0.0) for t, d in zip(total, docs, strict=True)]
        return total


class Ranker:
    """BM25 over whole posting lists for one searcher (its norms are kept per field)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._norms: dict[str, list[float]] = {}
        self._places: dict[str, list[int]] = {}

    def supports(self, q: wq.Query) -> bool:
        """Terms joined by AND/OR (plain boosts only): what this ranker answers."""
        if type(q) is wq.Term:
            return not isinstance(q.text, bytes)
        if type(q) is wq.Phrase:
            return q.slop == 1 and q.boost == 1.0 and getattr(q, "ordered", True)
        if type(q) in (wq.And, wq.Or) and q.boost == 1.0:
            return getattr(q, "minmatch", 0) <= 1 and all(self.supports(c) for c in q.subqueries)
        return False

    def rank(
        self, q: wq.Query, limit: int | None, keep: set[int] | None, drop: set[int], live: object
    ) -> tuple[list[int], int]:
        """The best documents among keep (or live ones not in drop), ties broken by lower
        document number as Whoosh does, and how many documents matched."""
        node = self._node(q)
        ids = node.ids & keep if keep is not None else (node.ids & live) - drop  # type: ignore[operator]
        docs = list(ids)
        scored = zip(node.score(docs), [-d for d in docs], strict=True)
        best = heapq.nlargest(limit, scored) if limit is not None else sorted(scored, reverse=True)
        return [-d for _, d in best], len(docs)

    def matching(self, q: wq.Query) -> set[int]:
        """Every document q matches, deleted ones included (no scores)."""
        return self._node(q).ids

    def places(self, column: str, descending: bool) -> list[int]:
        """Each document's place when all are sorted by a column (ties: lower number
        first), computed once per searcher."""
        if column not in self._places:
            values = list(self.searcher.reader().column_reader(column))
            order = sorted(range(len(values)), key=values.__getitem__, reverse=descending)
            place = [0] * len(values)
            for rank, doc in enumerate(order):
                place[doc] = rank
            self._places[column] = place
        return self._places[column]

    def _node(self, q: wq.Query) -> _Node:
        if isinstance(q, wq.Term):
            return self._term(q)
        if isinstance(q, wq.Phrase):
            terms = [self._term(wq.Term(q.fieldname, w), positions=True) for w in q.words]
            decode = self.searcher.schema[q.fieldname].format.decode_positions
            return _PhraseNode(terms, decode)
        kids = [self._node(c) for c in q.subqueries]
        return _AndNode(kids) if isinstance(q, wq.And) else _OrNode(kids)

    def _term(self, q: wq.Term, positions: bool = False) -> _TermNode:
        field, text = q.fieldname, q.text
        ids: list[int] = []
        weights: list[float] = []
        values: list[bytes] | None = [] if positions else None
        for sub, offset in self.searcher.leaf_searchers():
            reader = sub.reader()
            if (field, text) in reader:
                _postings(reader.postings(field, text), offset, ids, weights, values)
        k1p = (_K1 + 1) * self.searcher.idf(field, text) * q.boost
        node = _TermNode(ids, weights, k1p, self._norm(field))
        node.values = values or []
        return node

    def _norm(self, field: str) -> list[float]:
        # BM25's length part, K1 * ((1 - B) + B * length / average length), per document.
        if field not in self._norms:
            reader = self.searcher.reader()
            avg = self.searcher.avg_field_length(field) or 1
            lengths = (reader.doc_field_length(d, field, 1) for d in range(reader.doc_count_all()))
            self._norms[field] = [_K1 * ((1 - _B) + _B * fl / avg) for fl in lengths]
        return self._norms[field]


def _postings(
    m: Any, offset: int, ids: list[int], weights: list[float], values: list[bytes] | None
) -> None:
    """Append a term's document numbers (plus offset) and weights, a block at a time.
    Deleted documents are among them: the caller keeps live ones only."""
    while isinstance(m, FilterMatcher):
        m = m.child
    if isinstance(m, W3LeafMatcher) and not m._byteids:
        while m.is_active():
            m._read_data()
            m._read_weights()
            block = accumulate(m._data[0], initial=offset)  # ids are stored as deltas
            next(block)
            ids.extend(block)
            weights.extend(m._weights)
            if values is not None:
                m._read_values()
                values.extend(m._values)
            m._next_block()
        return
    while m.is_active():  # another codec: one posting at a time
        ids.append(m.id() + offset)
        weights.append(m.weight())
        if values is not None:
            values.append(m.value())
        m.next()
