"""Whoosh's W3 posting lists read into numpy arrays: ids and weights from the front of
each block, positions only from the blocks a phrase needs them from.

A W3 block is a zlib stream of one pickle: (id deltas, weights, values). The values
(a phrase's positions) are most of it and cost a function call per posting to unpickle,
so ids and weights are taken from the decompressed front of the stream alone. Anything
unexpected in a block sends the whole term back to Whoosh's own matcher, which reads
every codec.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

_LENGTH = struct.Struct("!i")  # a block's byte length, negative for the last block
_IDS_END = b"tq\x00"  # TUPLE, then BINPUT 0: the end of the id deltas (more than 3 ids)
_MARK, _FLOAT, _NONE = ord("("), ord("G"), ord("N")
_ENCODE = b"c_codecs\nencode\n"  # how protocol 2 pickles bytes: this function's call
_UNICODE, _GET, _PUT = ord("X"), ord("h"), ord("q")


class _Irregular(Exception):
    """A block this reader does not take apart (Whoosh's matcher reads it instead)."""


class _Values:
    """The values of one block, read when a phrase first asks for them."""

    def __init__(self, data: Any, comp: int, count: int) -> None:
        self.data, self.comp, self.count = data, comp, count
        self.values: tuple[bytes, ...] | None = None  # unpickled (any codec)

    def raw(self) -> bytes:
        return zlib.decompress(self.data) if self.comp else bytes(self.data)

    def unpickled(self) -> tuple[bytes, ...]:
        if self.values is None:
            self.values = tuple(pickle.loads(self.raw())[2])
        return self.values


def _value_spans(raws: list[bytes], counts: np.ndarray) -> tuple[bytes, np.ndarray, np.ndarray]:
    """Blocks' pickles joined, where each value's text starts in them, and its length.

    Protocol 2 pickles each bytes value as _codecs.encode(text, "latin1"): a memo get (at
    first a put) of that function, BINUNICODE ('X', 4-byte length, UTF-8), then the
    call. Finding the X opcodes with numpy replaces a Python call per posting. Any
    other layout (a value met twice, another pickler) raises _Irregular."""
    joined = b"".join(raws)
    ends = np.cumsum(np.fromiter(map(len, raws), np.int64, len(raws)))
    first = np.fromiter((r.find(_ENCODE) for r in raws), np.int64, len(raws))
    if (first < 0).any():
        raise _Irregular
    at = np.concatenate(([0], ends[:-1])) + first + len(_ENCODE)  # 'q', memo, 'X'
    a = np.frombuffer(joined, np.uint8)
    x = np.flatnonzero(a == _UNICODE)
    block = np.searchsorted(at, x, side="right") - 1
    x, block = x[block >= 0], block[block >= 0]
    op, memo = a[x - 2], a[x - 1]
    real = (x >= at[block] + 2) & ((op == _GET) | (op == _PUT)) & (memo == a[at + 1][block])
    x, block = x[real], block[real]
    firsts = np.cumsum(counts) - counts
    if len(x) != counts.sum() or (x[firsts] != at + 2).any():
        raise _Irregular
    size = a[x[:, None] + np.arange(1, 5)].astype(np.int64)
    lengths = size[:, 0] | size[:, 1] << 8 | size[:, 2] << 16 | size[:, 3] << 24
    stops = x + 5 + lengths
    if (lengths < 4).any() or (stops[:-1] > x[1:] - 2).any() or (stops >= ends[block]).any():
        raise _Irregular
    return joined, x + 5, lengths


def _utf8_values(raw: bytes, starts: np.ndarray, lengths: np.ndarray) -> tuple[bytes, np.ndarray]:
    """The chosen values' texts, decoded back to bytes, joined, with their lengths."""
    firsts = np.cumsum(lengths) - lengths
    picked = np.frombuffer(raw, np.uint8)[
        np.repeat(starts - firsts, lengths) + np.arange(int(lengths.sum()))
    ]
    # Latin-1 text in UTF-8: a character above 127 took two bytes, the first >= 0xC0.
    doubled = np.add.reduceat((picked >= 0xC0).astype(np.int64), firsts)
    return picked.tobytes().decode("utf-8").encode("latin-1"), lengths - doubled


@dataclass
class Postings:
    """One term's postings over all segments: document numbers (ascending) and weights,
    and each block's first index and values, for reading positions later."""

    ids: np.ndarray
    weights: np.ndarray
    starts: list[int] = field(default_factory=list)
    blocks: list[_Values] = field(default_factory=list)

    def values(self, index: np.ndarray) -> tuple[bytes, np.ndarray]:
        """The stored values (encoded positions) of the postings at these indexes
        (ascending), joined, and each one's length in bytes."""
        if not len(index):
            return b"", np.empty(0, np.int64)
        starts = np.array(self.starts, np.int64)
        which = np.searchsorted(starts, index, side="right") - 1
        needed = which[np.concatenate(([True], which[1:] != which[:-1]))]
        blocks = [self.blocks[b] for b in needed.tolist()]
        counts = np.array([b.count for b in blocks], np.int64)
        try:
            if any(b.values is not None for b in blocks):
                raise _Irregular
            joined, at, lengths = _value_spans([b.raw() for b in blocks], counts)
        except _Irregular:
            return self._unpickled(index, which)
        before = np.cumsum(counts) - counts  # values of earlier needed blocks
        chosen = before[np.searchsorted(needed, which)] + index - starts[which]
        return _utf8_values(joined, at[chosen], lengths[chosen])

    def _unpickled(self, index: np.ndarray, which: np.ndarray) -> tuple[bytes, np.ndarray]:
        chosen = [
            self.blocks[b].unpickled()[i - self.starts[b]]
            for b, i in zip(which.tolist(), index.tolist(), strict=True)
        ]
        return b"".join(chosen), np.fromiter(map(len, chosen), np.int64, len(chosen))


def read_postings(
    leaves: list[tuple[Any, int]], field_name: str, text: str, whole: bool = False
) -> Postings:
    """The term's postings in every segment (leaves: (reader, document offset)).
    Deleted documents are among them: the caller keeps live ones only. whole reads
    every block whole at once, for a phrase that will need most of their positions."""
    parts = []
    for reader, offset in leaves:
        if (field_name, text) in reader:
            matcher = reader.postings(field_name, text)
            while isinstance(matcher, FilterMatcher):
                matcher = matcher.child
            try:
                parts.append(_blocks(matcher, offset, whole))
            except _Irregular:
                parts.append(_slow(reader.postings(field_name, text), offset))
    if len(parts) == 1:
        return parts[0]
    return _joined(parts)


def _blocks(m: Any, offset: int, whole: bool) -> Postings:
    """Walk a W3 posting list's blocks in the mapped segment file."""
    buf = getattr(m._postfile, "_buf", None)
    if type(m) is not W3LeafMatcher or m._byteids or buf is None:
        raise _Irregular
    pos, last = m._baseoffset, False
    fronts: list[bytes] = []
    counts: list[int] = []
    maxids: list[int] = []
    out = Postings(np.empty(0, np.int64), np.empty(0))
    while not last:
        (length,) = _LENGTH.unpack_from(buf, pos)
        last, end = length < 0, pos + _LENGTH.size + abs(length)
        info = pickle.loads(buf[pos + _LENGTH.size : end])
        count, comp = info[0], info[3]
        data = buf[pos + _LENGTH.size + len(pickle.dumps(info, 2)) : end]
        if whole:
            data, comp = _inflated(data, comp), 0
        # The front holds ids of up to 5 bytes, weights of 9, and the opcodes between.
        fronts.append(_inflated(data, comp, 14 * count + 32 if count > 3 else None))
        counts.append(count)
        maxids.append(info[1])
        out.blocks.append(_Values(data, comp, count))
        pos = end
    sizes = np.array(counts, np.int64)
    out.starts = (np.cumsum(sizes) - sizes).tolist()
    deltas, out.weights = _Fronts(fronts, sizes).parse()
    out.ids = _absolute(deltas, out.starts, maxids, offset)
    return out


def _inflated(data: Any, comp: int, want: int | None = None) -> bytes:
    """The block's pickle, or its first want bytes."""
    try:
        if not comp:
            return bytes(data if want is None else data[:want])
        if want is None:
            return zlib.decompress(data)
        return zlib.decompressobj().decompress(data, want)
    except zlib.error as exc:
        raise _Irregular from exc


_ARG = {ord("K"): 1, ord("M"): 2, ord("J"): 4}  # BININT1, BININT2, BININT: argument bytes


class _Fronts:
    """The fronts of a term's blocks, taken apart together: ids and weights that sit
    at fixed strides are gathered with numpy; any other block is unpickled."""

    def __init__(self, fronts: list[bytes], counts: np.ndarray) -> None:
        self.fronts, self.counts = fronts, counts
        self.firsts = np.cumsum(counts) - counts
        sizes = np.fromiter(map(len, fronts), np.int64, len(fronts))
        self.base = np.cumsum(sizes) - sizes
        self.deltas = np.empty(int(counts.sum()), np.int64)
        self.weights = np.empty(len(self.deltas))
        self.runs: list[tuple[int, int]] = []  # (block, where its second id's K is)
        self.floats: list[tuple[int, int]] = []  # (block, where its first weight's G is)

    def parse(self) -> tuple[np.ndarray, np.ndarray]:
        for block, front in enumerate(self.fronts):
            at = self._ids(block, front, int(self.counts[block]))
            if at is not None:
                self._weights(block, front, at)
        a = np.frombuffer(b"".join(self.fronts), np.uint8)
        if self.runs:
            blocks, where = np.array(self.runs).T
            src, dst = self._strided(blocks, where, 2, 1)
            if (a[src] != ord("K")).any():
                raise _Irregular
            self.deltas[dst] = a[src + 1]
        if self.floats:
            blocks, where = np.array(self.floats).T
            src, dst = self._strided(blocks, where, 9, 0)
            if (a[src] != _FLOAT).any():
                raise _Irregular
            doubles = a[src[:, None] + np.arange(1, 9)].copy().view(">f8")
            self.weights[dst] = doubles.ravel()
        return self.deltas, self.weights

    def _strided(
        self, blocks: np.ndarray, where: np.ndarray, step: int, skip: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Offsets in the joined fronts (every step bytes from where) and in the
        term's arrays (after skip postings) of each listed block's items."""
        n = self.counts[blocks] - skip
        k = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
        src = np.repeat(self.base[blocks] + where, n) + step * k
        if len(src) and src[-1] + step > self.base[-1] + len(self.fronts[-1]):
            raise _Irregular
        return src, np.repeat(self.firsts[blocks] + skip, n) + k

    def _ids(self, block: int, front: bytes, count: int) -> int | None:
        """Read or plan a block's ids; where its weights start (None: already read)."""
        first = self.firsts[block]
        if count <= 3:  # short tuples pickle without marks: the front is the whole block
            ids, weights, _ = pickle.loads(front)
            self.deltas[first : first + count] = ids
            self.weights[first : first + count] = _weights(weights, count)
            return None
        end = front.find(_IDS_END, 3)
        arg = _ARG.get(front[3], 0)
        if end < 0 or front[2] != _MARK:
            raise _Irregular
        if arg and end == 4 + arg + 2 * (count - 1):  # the first id, then one-byte deltas
            self.deltas[first] = int.from_bytes(front[4 : 4 + arg], "little")
            self.runs.append((block, 4 + arg))
        else:
            ids = pickle.loads(front[2 : end + 1] + b".")
            if len(ids) != count:
                raise _Irregular
            self.deltas[first : first + count] = ids
        return end + len(_IDS_END)

    def _weights(self, block: int, front: bytes, at: int) -> None:
        """The weights after the ids: all 1.0 (None), one float for all, or one each."""
        span = slice(self.firsts[block], self.firsts[block] + self.counts[block])
        if front[at] == _NONE:
            self.weights[span] = 1.0
        elif front[at] == _FLOAT:  # Whoosh repeats it in a float32 array
            self.weights[span] = np.float32(struct.unpack_from(">d", front, at + 1)[0])
        elif front[at] == _MARK:
            self.floats.append((block, at + 1))
        else:
            raise _Irregular


def _weights(weights: Any, count: int) -> np.ndarray:
    if weights is None:
        return np.ones(count)
    if isinstance(weights, float):
        return np.full(count, np.float32(weights)).astype(np.float64)
    return np.array(weights, np.float64)


def _absolute(deltas: np.ndarray, starts: list[int], maxids: list[int], offset: int) -> np.ndarray:
    """Document numbers from per-block deltas (each block's first delta is from 0, so
    it is made relative to the previous block's last id: one sum for all blocks)."""
    if len(starts) > 1:
        deltas[starts[1:]] -= np.array(maxids[:-1], np.int64)
    return np.cumsum(deltas) + offset


def _slow(m: Any, offset: int) -> Postings:
    """One posting at a time through Whoosh's matcher (any codec)."""
    ids: list[int] = []
    weights: list[float] = []
    block = _Values(b"", 0, 0)
    values: list[bytes] = []
    while m.is_active():
        ids.append(m.id() + offset)
        weights.append(m.weight())
        values.append(m.value())
        m.next()
    block.values = tuple(values)
    return Postings(np.array(ids, np.int64), np.array(weights, np.float64), [0], [block])


def _joined(parts: list[Postings]) -> Postings:
    """Several segments' postings as one list (segments hold ascending document ranges)."""
    if not parts:
        return Postings(np.empty(0, np.int64), np.empty(0))
    out = Postings(
        np.concatenate([p.ids for p in parts]), np.concatenate([p.weights for p in parts])
    )
    total = 0
    for part in parts:
        out.starts.extend(s + total for s in part.starts)
        out.blocks.extend(part.blocks)
        total += len(part.ids)
    return out
