"""Index-time analysis in one loop per field value: the terms, positions and weights that
Whoosh's analyzer chains give (tests hold them equal), without a Token object per word."""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from struct import Struct

from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem
from whoosh.system import pack_uint

# One posting: the term's bytes, its frequency, its weight and its encoded positions.
Posting = tuple[bytes, int, float, bytes]
Analyze = Callable[[str], list[Posting]]

_ONE = bytes(pack_uint(1))
_NATIVE_UINT = Struct("=I").pack  # array("I")'s layout, for a single position


def encode_positions(poslist: Sequence[int]) -> bytes:
    """CompactPositions' value: the count (big-endian) and the deltas as machine uints."""
    if len(poslist) == 1:
        return _ONE + _NATIVE_UINT(poslist[0])
    deltas = [b - a for a, b in zip([0, *poslist[:-1]], poslist, strict=True)]
    return bytes(pack_uint(len(deltas))) + array("I", deltas).tobytes()


class Terms(dict[str, bytes]):
    """A lowercased word -> the term it is indexed as (b"" for a dropped stop word):
    StopFilter(minsize=2) + StemFilter when stemming, the word itself otherwise."""

    def __init__(self, *, stemming: bool) -> None:
        super().__init__()
        self.stemming = stemming

    def __missing__(self, word: str) -> bytes:
        if not self.stemming:
            term = word.encode()
        elif len(word) < 2 or word in STOP_WORDS:
            term = b""
        else:
            term = stem(word).encode()
        self[word] = term
        return term


class WordSplitter:
    """RegexTokenizer(pattern) + LowercaseFilter: the lowercased words of a text."""

    def __init__(self, pattern: str) -> None:
        self._regex = re.compile(pattern, re.UNICODE)
        # The same pattern without capturing groups, so findall returns whole words.
        self._whole = re.compile(pattern.replace("(", "(?:"), re.UNICODE).findall

    def __call__(self, text: str) -> list[str]:
        if text.isascii():  # lowercasing first cannot move a word boundary
            return self._whole(text.lower())
        # Elsewhere it can ("İ" lowercases to two characters): lowercase each word.
        return [m.group(0).lower() for m in self._regex.finditer(text)]


def section_postings(
    sections: Sequence[str],
    words: WordSplitter,
    terms: Terms,
    boosts: Sequence[float] = (),
    gap: int = 0,
) -> list[Posting]:
    """Postings of the sections of one value, tokenized as one stream.

    Every word counts for the first kept word's position; after it kept words are
    numbered one after another (StopFilter's renumbering); section s moves its positions
    s * gap further; words in section s weigh boosts[s] (1.0 past the end of boosts).
    """
    poses: defaultdict[bytes, list[int]] = defaultdict(list)
    extra: defaultdict[bytes, float] = defaultdict(float)  # weight beyond 1.0 per occurrence
    seen = 0  # words before this section
    nxt: int | None = None  # the position of the next kept word
    for section, part in enumerate(sections):
        mapped = list(map(terms.__getitem__, words(part)))
        kept = [t for t in mapped if t] if terms.stemming else mapped
        if kept:
            if nxt is None:
                nxt = seen + mapped.index(kept[0])
            for place, term in enumerate(kept, nxt + section * gap):
                poses[term].append(place)
            boost = boosts[section] if section < len(boosts) else 1.0
            if boost != 1.0:
                for term, count in Counter(kept).items():
                    extra[term] += count * (boost - 1.0)
            nxt += len(kept)
        seen += len(mapped)
    return [
        (term, len(poslist), len(poslist) + extra.get(term, 0.0), encode_positions(poslist))
        for term, poslist in poses.items()
    ]
