"""A whole index segment written from postings gathered in memory, term by term.

Whoosh's writer pickles every posting into a sorting pool, spills sorted runs to temp
files, merges them back through a heap and then feeds the codec one posting at a time,
reading each document's field length back from disk. A rebuild adds documents in order,
so each term's postings arrive already sorted: here they go into compact arrays per
term and reach the codec's posting writer a block (128 postings) at a time. The files
are the ones Whoosh's own writer writes for the same documents (a test compares them).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping
from typing import Any

from whoosh import index as whoosh_index
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from reader.core.index_analysis import Analyze, Posting
from reader.core.index_postings import TermPostingsWriter


class _TermIds(dict[bytes, int]):
    """A term's bytes -> its number, given in order of first appearance."""

    def __missing__(self, term: bytes) -> int:
        number = self[term] = len(self)
        return number


class _Field:
    """How one schema field goes into the segment.

    Postings are kept in the order documents add them, one flat array per part (term
    number, weight, value length) plus the value bytes, extended a document at a time
    (no Python work per posting); _write_field groups them by term once, with numpy.
    """

    def __init__(self, name: str, field: Any, analyze: Callable[[Any], Any] | None) -> None:
        self.name, self.field = name, field
        self.analyze = analyze or (field.index if field.indexed else None)
        self.scorable = bool(field.scorable)
        self.stored = bool(field.stored)
        self.column = field.column_type
        self.terms = _TermIds()
        self.term_ids, self.weights, self.sizes = array("I"), array("f"), array("I")
        self.values = bytearray()
        # Which documents added postings, and how many each.
        self.docs, self.counts = array("I"), array("I")
        # Each document's length byte (scorable fields): the block statistics need it.
        self.lengths = array("B")

    def add(self, docnum: int, postings: list[Posting]) -> int:
        """Add one document's postings; return the field's length in it."""
        if not postings:
            return 0
        terms, freqs, weights, values = zip(*postings, strict=True)
        self.term_ids.extend(map(self.terms.__getitem__, terms))
        self.weights.extend(weights)
        self.sizes.extend(map(len, values))
        self.values += b"".join(values)
        self.docs.append(docnum)
        self.counts.append(len(terms))
        return sum(freqs) if self.scorable else 0


class BuildWriter(SegmentWriter):
    """A SegmentWriter for a new, empty index that keeps postings per term in memory.

    analyzers gives fields a faster analysis than their own (index_schema.fast_analyzers);
    the rest go through the field's analyzer and format.
    """

    def __init__(self, ix: whoosh_index.Index, analyzers: Mapping[str, Analyze]) -> None:
        super().__init__(ix)
        if self.segments:
            raise ValueError("BuildWriter writes a new index only")
        self._fields = [
            _Field(name, self.schema[name], analyzers.get(name))
            for name in sorted(self.schema.names())
        ]
        self._names = {f.name for f in self._fields}

    def add_document(self, **fields: Any) -> None:
        """Add one document (field name -> value), as Whoosh's writer does."""
        self._check_state()
        unknown = fields.keys() - self._names
        if unknown:
            raise ValueError(f"no field named {sorted(unknown)[0]!r} in the index schema")
        pdw = self.perdocwriter
        docnum = self.docnum
        pdw.start_doc(docnum)
        for spec in self._fields:
            value = fields.get(spec.name)
            length = 0
            if value is not None and spec.analyze is not None:
                length = spec.add(docnum, list(spec.analyze(value)))
            if spec.scorable:
                spec.lengths.append(length_to_byte(length) if length else 0)
            if value is None:
                continue
            pdw.add_field(spec.name, spec.field, value if spec.stored else None, length)
            if spec.column:
                pdw.add_column_value(spec.name, spec.column, spec.field.to_column_value(value))
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        for spec in self._fields:
            if spec.terms:
                self._write_field(spec)
        self.fieldwriter.close()

    def _write_field(self, spec: _Field) -> None:
        fw = self.fieldwriter
        fw.start_field(spec.name, spec.field)
        prefix = pack_ushort(fw._fieldid)
        postings = TermPostingsWriter(fw._postfile, spec.field.format, fw._postwriter._blocklimit)
        lengths = spec.lengths if spec.scorable else None
        grouped = _grouped(spec)
        raw = bytes(spec.values)
        spec.values = bytearray()
        for term in sorted(spec.terms):
            first, stop = grouped.bounds[spec.terms[term]]
            part = slice(first, stop)
            values = []
            if raw:  # a format without values stores none (the arrays stay empty)
                ends = grouped.ends[part]
                starts = (ends - grouped.sizes[part]).tolist()
                values = [raw[a:b] for a, b in zip(starts, ends.tolist(), strict=True)]
            docs, weights = grouped.docs[part].tolist(), grouped.weights[part].tolist()
            info = postings.write(docs, weights, values, lengths)
            fw._tindex.add(prefix + term, info.to_bytes())
        fw.finish_field()


class _Grouped:
    """One field's postings grouped by term (stable: each term's in document order):
    documents, weights, value sizes and where each value ends in the value bytes."""

    def __init__(self, docs: Any, weights: Any, sizes: Any, ends: Any) -> None:
        self.docs, self.weights, self.sizes, self.ends = docs, weights, sizes, ends
        self.bounds: list[tuple[int, int]] = []


def _grouped(spec: _Field) -> _Grouped:
    """Sort the field's flat posting arrays by term number, once, freeing each as it goes
    (a rebuild's peak memory is these arrays at 100k papers)."""
    import numpy as np  # lazily: only a build needs it here

    term_ids = np.frombuffer(spec.term_ids, dtype=np.uint32)
    order = np.argsort(term_ids, kind="stable")
    counts = np.bincount(term_ids, minlength=len(spec.terms))
    del term_ids
    spec.term_ids = array("I")
    docs = np.repeat(
        np.frombuffer(spec.docs, dtype=np.uint32), np.frombuffer(spec.counts, dtype=np.uint32)
    )[order]
    weights = np.frombuffer(spec.weights, dtype=np.float32)[order]
    spec.weights = array("f")
    sizes = np.frombuffer(spec.sizes, dtype=np.uint32)
    # Where each value ends in the value bytes: 32 bits wide while they fit (half the memory).
    wide = np.uint32 if len(spec.values) < 2**32 else np.int64
    ends = np.cumsum(sizes, dtype=wide)[order]
    sizes = sizes[order]
    spec.sizes = array("I")
    del order
    grouped = _Grouped(docs, weights, sizes, ends)
    stops = np.cumsum(counts)
    grouped.bounds = list(zip((stops - counts).tolist(), stops.tolist(), strict=True))
    return grouped
