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
from itertools import pairwise
from typing import Any

from whoosh import index as whoosh_index
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from reader.core.index_analysis import Analyze, Posting
from reader.core.index_postings import TermPostingsWriter

# A term's postings, in document order: ids, weights, the end of each posting's value in
# the value bytes (empty for a format without values), the value bytes.
_Postings = tuple[array, array, array, bytearray]


class _Field:
    """How one schema field goes into the segment."""

    def __init__(self, name: str, field: Any, analyze: Callable[[Any], Any] | None) -> None:
        self.name, self.field = name, field
        self.analyze = analyze or (field.index if field.indexed else None)
        self.scorable = bool(field.scorable)
        self.stored = bool(field.stored)
        self.column = field.column_type
        self.terms: dict[bytes, _Postings] = {}
        # Each document's length byte (scorable fields): the block statistics need it.
        self.lengths = array("B")

    def add(self, docnum: int, postings: list[Posting]) -> int:
        """Add one document's postings; return the field's length in it."""
        terms = self.terms
        length = 0
        for term, freq, weight, value in postings:
            entry = terms.get(term)
            if entry is None:
                entry = terms[term] = (array("I"), array("f"), array("I"), bytearray())
            entry[0].append(docnum)
            entry[1].append(weight)
            if value:
                entry[3].extend(value)
                entry[2].append(len(entry[3]))
            length += freq
        return length if self.scorable else 0


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
        terms = spec.terms
        for term in sorted(terms):
            docs, weights, ends, data = terms.pop(term)
            raw = bytes(data)
            values = [raw[a:b] for a, b in pairwise([0, *ends])]
            info = postings.write(docs, weights, values, lengths)
            fw._tindex.add(prefix + term, info.to_bytes())
        fw.finish_field()
