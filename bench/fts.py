"""The SQLite FTS5 reference: the same corpus and equivalent queries, for ratios."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from reader.core.index import paper_flags
from reader.core.models import Paper

# Whoosh query -> the FTS5 query that asks the same thing (is: lives in column `flags`).
QUERIES: list[tuple[str, str, str]] = [
    ("1-word", "transformer", "transformer"),
    ("1-word", "attention", "attention"),
    ("1-word", "segmentation", "segmentation"),
    ("1-word", "pruning", "pruning"),
    ("2-3 words", "graph neural", "graph neural"),
    ("2-3 words", "knowledge distillation teacher", "knowledge distillation teacher"),
    ("2-3 words", "diffusion image generation", "diffusion image generation"),
    ("phrase", '"language model"', '"language model"'),
    ("phrase", '"neural network"', '"neural network"'),
    ("field", "title:diffusion", "title:diffusion"),
    ("field", "title:attention", "title:attention"),
    ("field", "author:wang", "author:wang"),
    ("field", "author:nakamura", "author:nakamura"),
    ("field", "tag:survey", "tag:survey"),
    ("field", "is:starred", "flags:starred"),
    ("field", "is:starred pruning", "flags:starred AND pruning"),
]
COLUMNS = ("title", "abstract", "author", "tag", "note", "citekey", "flags", "date")
_RANK = "bm25(fts, 3.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0)"  # title boosted x3 as in Whoosh
_ORDER = {"relevance": _RANK, "date": "date DESC"}


def open_fts(path: Path) -> sqlite3.Connection:
    """A fresh FTS5 database with one table, Porter-stemmed like Whoosh's StemmingAnalyzer."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(COLUMNS[:-1])}, date UNINDEXED, "
        "tokenize = 'porter unicode61')"
    )
    return conn


def _row(paper: Paper) -> tuple[object, ...]:
    return (
        int(paper.id),
        paper.title,
        paper.abstract,
        " ; ".join(a.name for a in paper.authors),
        ",".join(paper.tags),
        paper.note,
        paper.citekey,
        " ".join(paper_flags(paper)),
        paper.date or "",
    )


def build(conn: sqlite3.Connection, papers: Iterable[Paper]) -> int:
    """Insert every paper in one transaction, then merge the FTS b-trees; return the count."""
    marks = ", ".join("?" * (len(COLUMNS) + 1))
    conn.execute("BEGIN")
    cur = conn.executemany(
        f"INSERT INTO fts (rowid, {', '.join(COLUMNS)}) VALUES ({marks})",
        (_row(p) for p in papers),
    )
    conn.execute("COMMIT")
    conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    return cur.rowcount


def search(
    conn: sqlite3.Connection, query: str, limit: int | None, sort: str = "relevance"
) -> list[int]:
    """Paper ids best first (or newest first), like SearchIndex.search."""
    sql = f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY {_ORDER[sort]}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [r[0] for r in conn.execute(sql, (query,))]
