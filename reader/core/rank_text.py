"""Papers as tf-idf vectors (title, abstract, authors, categories), cached in the library folder."""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import json
import os
import re
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RANK_DIR = "ranking"  # inside the library folder; disposable: rebuilt from library.sqlite
CORPUS_FILE = "corpus.npz"
FORMAT = 1
BLOCK = 2048  # papers tokenised per step; rows per step of a product over the corpus
MAX_DF = 0.5  # words in more than half of the papers say nothing about taste
_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# Function words that survive MAX_DF in small libraries and would make poor explanations.
STOPWORDS = frozenset(
    """
    about above after again against all also although among and any are as at be because
    been before being below between both but by can could did does doing done during each
    either few for from further had has have having here how however into its itself just
    more most much must not now off once only other our ours out over own same should since
    some such than that the their theirs them then there these they this those through thus
    too under until upon very via was were what when where whether which while who whom why
    will with within without would yet you your we us one two three using use used based show
    shows paper propose proposed present new also well may might many often
    """.split()
)

_TEXT_SQL = """
SELECT p.id, p.title, p.abstract,
       (SELECT group_concat(a.name, char(31)) FROM authors a WHERE a.paper_id = p.id),
       (SELECT group_concat(c.term, char(31)) FROM categories c WHERE c.paper_id = p.id)
FROM papers p ORDER BY p.id
"""


def words(text: str) -> list[str]:
    """The words of a text that can be features: lower case, 3+ letters, no stopwords."""
    return [w for w in _TOKEN.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS]


def features(
    title: str, abstract: str, authors: Iterable[str], categories: Iterable[str]
) -> list[str]:
    """A paper's feature tokens; title words count twice, authors and categories are
    prefixed (a:, c:) so they never meet a word of the same spelling."""
    title_words = words(title)
    out = title_words + title_words + words(abstract)
    out += [f"a:{name.strip()}" for name in authors if name.strip()]
    out += [f"c:{term.strip()}" for term in categories if term.strip()]
    return out


def library_signature(conn: sqlite3.Connection) -> str:
    """Changes whenever a paper's text may have changed (import, lookup, undo of an import)."""
    row = conn.execute("SELECT count(*), max(id), max(modified) FROM papers").fetchone()
    return json.dumps(list(row))


@dataclass
class Corpus:
    """Every paper of the library as an L2-normalised tf-idf row (CSR arrays)."""

    ids: np.ndarray  # int64, ascending
    terms: list[str]
    idf: np.ndarray  # float32, one per term
    indptr: np.ndarray  # int64, len(ids) + 1
    indices: np.ndarray  # int32 term numbers
    data: np.ndarray  # float32 weights
    signature: str

    def rows(self, ids: Iterable[int]) -> np.ndarray:
        """Row numbers of the given paper ids (ids not in the corpus are left out)."""
        wanted = np.fromiter((int(i) for i in ids), dtype=np.int64)
        pos = np.searchsorted(self.ids, wanted)
        pos = np.clip(pos, 0, max(len(self.ids) - 1, 0))
        ok = (self.ids[pos] == wanted) if len(self.ids) else np.zeros(len(wanted), bool)
        return pos[ok]

    def submatrix(self, rows: np.ndarray) -> SparseRows:
        """The given rows as a compact matrix (for training)."""
        starts, stops = self.indptr[rows], self.indptr[rows + 1]
        lengths = stops - starts
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        take = np.arange(int(lengths.sum())) + offsets
        return SparseRows(
            np.repeat(np.arange(len(rows)), lengths),
            self.indices[take],
            self.data[take],
            len(rows),
            len(self.terms),
        )

    def matvec(self, w: np.ndarray) -> np.ndarray:
        """Every row times w (X @ w), a block of rows at a time: no array as long as the
        whole corpus is made (at 100k papers each was ~50-100 MB)."""
        out = np.zeros(len(self.ids), dtype=np.float64)
        for start in range(0, len(self.ids), BLOCK):
            stop = min(start + BLOCK, len(self.ids))
            lo, hi = int(self.indptr[start]), int(self.indptr[stop])
            row = np.repeat(np.arange(stop - start), np.diff(self.indptr[start : stop + 1]))
            vals = self.data[lo:hi] * w[self.indices[lo:hi]]
            out[start:stop] = np.bincount(row, vals, minlength=stop - start)
        return out

    def row_terms(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """Term numbers and weights of one row."""
        start, stop = int(self.indptr[row]), int(self.indptr[row + 1])
        return self.indices[start:stop], self.data[start:stop]


@dataclass
class SparseRows:
    """A sparse matrix in coordinate form: enough for X @ w and X.T @ r with numpy alone."""

    row: np.ndarray
    col: np.ndarray
    val: np.ndarray
    n_rows: int
    n_cols: int

    def matvec(self, w: np.ndarray) -> np.ndarray:
        """X @ w."""
        return np.bincount(self.row, self.val * w[self.col], minlength=self.n_rows)

    def rmatvec(self, r: np.ndarray) -> np.ndarray:
        """X.T @ r."""
        return np.bincount(self.col, self.val * r[self.row], minlength=self.n_cols)


def _read_texts(conn: sqlite3.Connection) -> Iterator[tuple[int, list[str]]]:
    for pid, title, abstract, authors, cats in conn.execute(_TEXT_SQL):
        split_authors = authors.split("\x1f") if authors else []
        split_cats = cats.split("\x1f") if cats else []
        yield pid, features(title or "", abstract or "", split_authors, split_cats)


def build_corpus(conn: sqlite3.Connection) -> Corpus:
    """Tokenise every paper and weigh its words by tf-idf (sublinear tf, smoothed idf).

    A block of papers at a time: each block's tokens become (paper, term, count) arrays
    at once, so the whole library never exists as Python lists of tokens (at 100k papers
    that was ~17M list items and ~700 MB at its peak)."""
    signature = library_signature(conn)
    vocab: dict[str, int] = {}
    ids: list[np.ndarray] = []
    blocks: list[_Block | None] = []
    texts = _read_texts(conn)
    while chunk := list(itertools.islice(texts, BLOCK)):
        blocks.append(_count_block(chunk, vocab))
        ids.append(np.fromiter((pid for pid, _ in chunk), dtype=np.int64, count=len(chunk)))
    ids_all = np.concatenate(ids) if ids else np.zeros(0, np.int64)
    n_docs, n_terms = len(ids_all), len(vocab)
    df = np.zeros(n_terms, dtype=np.int64)
    for block in blocks:
        assert block is not None
        df += np.bincount(block.term, minlength=n_terms)
    names = list(vocab)
    del vocab
    keep_term = _useful(names, df, n_docs)
    # The kept words are made again, together, once the words met while tokenising are
    # gone: kept, those would pin the memory of every token string around them (~40 MB
    # at 20k papers that Python could not give back).
    joined = "\x1f".join(n for n, k in zip(names, keep_term, strict=True) if k)
    del names
    terms = joined.split("\x1f") if joined else []
    idf = (np.log((1 + n_docs) / (1 + df[keep_term])) + 1).astype(np.float32)
    indptr, indices, data = _weigh(blocks, keep_term, idf, n_docs)
    _give_back()
    return Corpus(ids_all, terms, idf, indptr, indices, data, signature)


@dataclass
class _Block:
    """The distinct terms of each paper of a block and their counts (6 bytes a pair:
    at 100k papers they are ~12M pairs, all kept until the words are weighed)."""

    lengths: np.ndarray  # int32: distinct terms of each paper of the block
    term: np.ndarray  # int32 vocabulary numbers, ascending within a paper
    count: np.ndarray  # uint16 (a word 65,535 times in one paper counts as that often)

    def rows(self) -> np.ndarray:
        """The paper (row within the block) of each pair."""
        return np.repeat(np.arange(len(self.lengths)), self.lengths)


def _count_block(chunk: list[tuple[int, list[str]]], vocab: dict[str, int]) -> _Block:
    tokens = np.fromiter(
        (vocab.setdefault(t, len(vocab)) for _, toks in chunk for t in toks), dtype=np.int64
    )
    lengths = [len(toks) for _, toks in chunk]
    row = np.repeat(np.arange(len(chunk), dtype=np.int64), lengths)
    keys, counts = np.unique((row << 32) | tokens, return_counts=True)
    per_row = np.bincount(keys >> 32, minlength=len(chunk)).astype(np.int32)
    term = (keys & 0xFFFFFFFF).astype(np.int32)
    return _Block(per_row, term, np.minimum(counts, 65535).astype(np.uint16))


def _weigh(
    blocks: list[_Block | None], keep_term: np.ndarray, idf: np.ndarray, n_docs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR arrays of the L2-normalised weights, filled a block at a time (each block's
    counts are let go once weighed)."""
    new_number = (np.cumsum(keep_term) - 1).astype(np.int32)
    total = sum(int(keep_term[b.term].sum()) for b in blocks if b is not None)
    indices = np.empty(total, dtype=np.int32)
    data = np.empty(total, dtype=np.float32)
    per_doc = np.zeros(n_docs, dtype=np.int64)
    at = first = 0
    for i, block in enumerate(blocks):
        assert block is not None
        blocks[i] = None
        rows = len(block.lengths)
        kept = keep_term[block.term]
        row, term, count = block.rows()[kept], new_number[block.term[kept]], block.count[kept]
        weights = (1 + np.log(count.astype(np.int64))) * idf[term]
        norms = np.sqrt(np.bincount(row, weights * weights, minlength=rows))
        weights = weights / np.where(norms > 0, norms, 1)[row]
        indices[at : at + len(term)] = term
        data[at : at + len(term)] = weights
        per_doc[first : first + rows] = np.bincount(row, minlength=rows)
        at, first = at + len(term), first + rows
    return np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64), indices, data


def _give_back() -> None:
    """Hand the heap pages the build freed back to the system: glibc keeps them otherwise
    (at 100k papers ~165 MB stayed resident after the build)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).malloc_trim(0)


def _useful(names: list[str], df: np.ndarray, n_docs: int) -> np.ndarray:
    """Which terms to keep: words in 2+ papers but at most half of them; every author and
    category (they explain a ranking even when rare, and are never too common)."""
    keep = ((df >= 2) | (n_docs < 20)) & (df <= max(MAX_DF * n_docs, 2))
    meta = np.fromiter((n[:2] in ("a:", "c:") for n in names), dtype=bool, count=len(names))
    return keep | meta


def folder_of(conn: sqlite3.Connection) -> Path:
    """The library folder of a connection (the folder of its main database file)."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file).parent
    raise ValueError("the connection has no library file")


def rank_dir(folder: Path) -> Path:
    """Where ranking files live: <library>/ranking/."""
    return Path(folder) / RANK_DIR


def save_corpus(corpus: Corpus, folder: Path) -> None:
    """Write the corpus cache atomically (a reader never sees half a file)."""
    target = rank_dir(folder)
    target.mkdir(exist_ok=True)
    tmp = target / f".{CORPUS_FILE}.{os.getpid()}.npz"
    np.savez(
        tmp,
        ids=corpus.ids,
        idf=corpus.idf,
        indptr=corpus.indptr,
        indices=corpus.indices,
        data=corpus.data,
        meta=np.array(json.dumps({"format": FORMAT, "signature": corpus.signature})),
        terms=np.array("\x1f".join(corpus.terms)),
    )
    os.replace(tmp, target / CORPUS_FILE)


def load_corpus(folder: Path) -> Corpus | None:
    """The cached corpus, or None when there is none or it cannot be read."""
    path = rank_dir(folder) / CORPUS_FILE
    try:
        with np.load(path) as f:
            meta = json.loads(str(f["meta"]))
            if meta.get("format") != FORMAT:
                return None
            terms_text = str(f["terms"])
            return Corpus(
                f["ids"],
                terms_text.split("\x1f") if terms_text else [],
                f["idf"],
                f["indptr"],
                f["indices"],
                f["data"],
                meta["signature"],
            )
    except (OSError, ValueError, KeyError):
        return None


_LOADED: dict[Path, Corpus] = {}  # the last corpus of each folder, kept in memory


def corpus_for(conn: sqlite3.Connection, folder: Path, *, store: bool = True) -> Corpus:
    """The library's corpus: from memory or the file when it matches the library, else
    built (and cached in both)."""
    signature = library_signature(conn)
    key = Path(folder).resolve()
    kept = _LOADED.get(key)
    # The file's presence tells a reset (by the window or the command line) from none; a
    # library that stores nothing (read-only) keeps its vectors in memory only.
    if (
        kept is not None
        and kept.signature == signature
        and (not store or (rank_dir(folder) / CORPUS_FILE).exists())
    ):
        return kept
    cached = load_corpus(folder)
    if cached is not None and cached.signature == signature:
        _LOADED[key] = cached
        return cached
    corpus = build_corpus(conn)
    _LOADED[key] = corpus
    if store:
        # A cache that cannot be written is rebuilt next time; nothing is lost.
        with contextlib.suppress(OSError):
            save_corpus(corpus, folder)
    return corpus


def describe(term: str) -> str:
    """How a feature reads to a person: words as they are, authors and categories named."""
    if term.startswith("a:"):
        return term[2:]
    if term.startswith("c:"):
        return term[2:]
    return term


def kind_of(term: str) -> str:
    """'author', 'category' or 'word'."""
    return {"a:": "author", "c:": "category"}.get(term[:2], "word")
