"""One term's postings written as Whoosh 3 posting blocks, from arrays, a block at a time.

The blocks, block headers and term statistics are those of Whoosh's W3PostingsWriter
(whoosh/codec/whoosh3.py) for the same postings, so Whoosh and the block ranker read them
unchanged. Two things differ, for speed: the per-posting bookkeeping happens on whole
arrays, and each block is deflated with a window sized to it instead of zlib's 32 KB
default, whose setup alone cost more than compressing a small block (same level, the
same data after inflating; most terms of a rebuild are a single posting).
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Sequence
from operator import sub
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.util.numeric import byte_to_length, length_to_byte

_LEVEL = 3  # W3Codec's compression level, recorded in every block header


def _deflate(data: bytes) -> bytes:
    bits = max(9, min(15, len(data).bit_length()))
    packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, bits, max(1, bits - 7))
    return packer.compress(data) + packer.flush()


def _mini_weights(weights: Sequence[float]) -> object:
    if weights.count(1.0) == len(weights):
        return None
    if weights.count(weights[0]) == len(weights):
        return weights[0]
    return tuple(weights)


class TermPostingsWriter:
    """Writes posting lists of one field's format to a Whoosh postings file."""

    def __init__(self, postfile: Any, fmt: Any, blocklimit: int = 128) -> None:
        self._file = postfile
        size = fmt.fixed_value_size()
        self._values: str = "tuple" if size is None or size < 0 else "none" if size == 0 else "join"
        self._blocklimit = blocklimit

    def write(
        self,
        docs: Sequence[int],
        weights: Sequence[float],
        values: Sequence[bytes],
        lengths: array | None,
    ) -> W3TermInfo:
        """Write one term's postings (docs ascending); return its term info.

        lengths holds each document's length byte for a scorable field, else None.
        """
        postfile = self._file
        info = W3TermInfo()
        offset = postfile.tell()
        postfile.write(WHOOSH3_HEADER_MAGIC)
        size, total = self._blocklimit, len(docs)
        for start in range(0, total, size):
            block = slice(start, start + size)
            self._block(
                info, docs[block], weights[block], values[block], lengths, start + size >= total
            )
        info.set_extent(offset, postfile.tell() - offset)
        return info

    def _block(
        self,
        info: W3TermInfo,
        ids: Sequence[int],
        weights: Sequence[float],
        values: Sequence[bytes],
        lengths: array | None,
        last: bool,
    ) -> None:
        if lengths is None:
            minlength, maxlength = None, 0
        else:
            sizes = [lengths[d] for d in ids]
            minlength, maxlength = byte_to_length(min(sizes)), byte_to_length(max(sizes))
        maxweight = max(0, max(weights))
        _add_block(info, ids, weights, minlength, maxlength, maxweight)
        deltas = (ids[0], *map(sub, ids[1:], ids))
        data = _deflate(dumps((deltas, _mini_weights(weights), self._mini_values(values)), 2))
        header = dumps(
            (
                len(ids),
                ids[-1],
                maxweight,
                _LEVEL,
                length_to_byte(minlength),
                length_to_byte(maxlength),
            ),
            2,
        )
        blocklength = len(header) + len(data)
        self._file.write_int(-blocklength if last else blocklength)
        self._file.write(header)
        self._file.write(data)

    def _mini_values(self, values: Sequence[bytes]) -> object:
        if self._values == "tuple":
            return tuple(values)
        if self._values == "none":
            return None
        return b"".join(values)


def _add_block(
    info: W3TermInfo,
    ids: Sequence[int],
    weights: Sequence[float],
    minlength: int | None,
    maxlength: int,
    maxweight: float,
) -> None:
    """W3TermInfo.add_block's statistics, from the block's arrays."""
    info._weight += sum(weights)
    info._df += len(ids)
    info._minlength = minlength if info._minlength is None else min(info._minlength, minlength)
    info._maxlength = max(info._maxlength, maxlength)
    info._maxweight = max(info._maxweight, maxweight)
    if info._minid is None:
        info._minid = ids[0]
    info._maxid = ids[-1]
