"""Papers most like a given one: cosine of tf-idf vectors (title, abstract, authors, categories)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from reader.core.models import PaperId
from reader.core.rank_text import Corpus, corpus_for, folder_of


def similar_in(
    corpus: Corpus, pid: int, limit: int = 5, exclude: set[int] | None = None
) -> list[tuple[PaperId, float]]:
    """The limit papers of the corpus nearest to pid (never pid itself), with cosines."""
    rows = corpus.rows([pid])
    if not len(rows):
        return []
    terms, weights = corpus.row_terms(int(rows[0]))
    query = np.zeros(len(corpus.terms), dtype=np.float32)
    query[terms] = weights
    cos = corpus.matvec(query)
    cos[rows[0]] = -1.0
    if exclude:
        cos[corpus.rows(sorted(exclude))] = -1.0
    take = min(limit * 2 + 1, len(cos))
    best = np.argpartition(-cos, take - 1)[:take] if take else np.zeros(0, int)
    best = best[np.argsort(-cos[best], kind="stable")]
    return [(PaperId(int(corpus.ids[i])), float(cos[i])) for i in best if cos[i] > 0][:limit]


def similar(
    conn: sqlite3.Connection, pid: int, limit: int = 5, folder: Path | None = None, store=True
) -> list[tuple[PaperId, float]]:
    """The papers of the library most like pid, best first; trashed papers left out."""
    corpus = corpus_for(conn, folder_of(conn) if folder is None else folder, store=store)
    trashed = {r[0] for r in conn.execute("SELECT paper_id FROM paper_state WHERE trashed = 1")}
    return similar_in(corpus, pid, limit, trashed)
