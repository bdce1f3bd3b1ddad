"""Papers as tf-idf vectors (title, abstract, authors, categories), cached in the library folder."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RANK_DIR = "ranking"  # inside the library folder; disposable: rebuilt from library.sqlite
CORPUS_FILE = "corpus.npz"
FORMAT = 1
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
    _all: SparseRows | None = field(default=None, repr=False)

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

    def all_rows(self) -> SparseRows:
        """Every row as a matrix (for scoring the whole library at once); made once."""
        if self._all is None:
            row = np.repeat(np.arange(len(self.ids), dtype=np.int32), np.diff(self.indptr))
            self._all = SparseRows(row, self.indices, self.data, len(self.ids), len(self.terms))
        return self._all

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
    """Tokenise every paper and weigh its words by tf-idf (sublinear tf, smoothed idf)."""
    signature = library_signature(conn)
    vocab: dict[str, int] = {}
    ids: list[int] = []
    tokens: list[int] = []
    lengths: list[int] = []
    for pid, toks in _read_texts(conn):
        ids.append(pid)
        tokens.extend([vocab.setdefault(t, len(vocab)) for t in toks])
        lengths.append(len(toks))
    n_docs, n_terms = len(ids), len(vocab)
    row = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    keys, counts = np.unique(
        row * max(n_terms, 1) + np.asarray(tokens, np.int64), return_counts=True
    )
    doc, term = keys // max(n_terms, 1), keys % max(n_terms, 1)
    df = np.bincount(term, minlength=n_terms)
    names = list(vocab)
    keep_term = _useful(names, df, n_docs)
    new_number = np.cumsum(keep_term) - 1
    kept = keep_term[term]
    doc, term, counts = doc[kept], new_number[term[kept]], counts[kept]
    terms = [n for n, k in zip(names, keep_term, strict=True) if k]
    idf = (np.log((1 + n_docs) / (1 + df[keep_term])) + 1).astype(np.float32)
    data: np.ndarray = (1 + np.log(counts)) * idf[term]
    norms = np.sqrt(np.bincount(doc, data * data, minlength=n_docs))
    data = data / np.where(norms > 0, norms, 1)[doc]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(doc, minlength=n_docs))])
    return Corpus(
        np.asarray(ids, np.int64),
        terms,
        idf,
        indptr.astype(np.int64),
        term.astype(np.int32),
        data.astype(np.float32),
        signature,
    )


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
    if (
        kept is not None
        and kept.signature == signature
        and (rank_dir(folder) / CORPUS_FILE).exists()
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
