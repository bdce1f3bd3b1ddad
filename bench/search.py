"""Search latency on a library that already exists (no import, no rebuild): the 16
bench.run queries through SearchIndex.search and through SQLite FTS5 on the same papers,
in one process, so two versions of the search code can be timed on one 100k library."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from bench import fts
from bench.run import MODES, latencies
from reader.core import queries
from reader.core.library import Library


def whoosh(folder: Path, reps: int) -> dict[str, Any]:
    """SearchIndex.search as the CLI and window call it, after one warm-up pass."""
    with Library(folder) as lib:  # opened for writing: applies a pending migration
        texts = [q[1] for q in fts.QUERIES]
        cpu = time.process_time()
        lib.index.search(texts[0], limit=50)  # opens the searcher's maps (and numpy)
        first = (time.process_time() - cpu) * 1000
        result = latencies(
            lambda q, sort, n: len(lib.index.search(q, sort=sort, limit=n).ids), texts, reps
        )
    result["first_query_cpu_ms"] = first
    return result


def fts5(folder: Path, cache: Path, reps: int) -> dict[str, Any]:
    """The FTS5 reference, built once into cache and reused."""
    if not cache.exists():
        conn = fts.open_fts(cache)
        with Library(folder) as lib:
            fts.build(conn, queries.iter_papers(lib.conn))
    else:
        conn = sqlite3.connect(cache)
    texts = [q[2] for q in fts.QUERIES]
    result = latencies(lambda q, sort, n: len(fts.search(conn, q, n, sort)), texts, reps)
    conn.close()
    return result


def main(argv: list[str] | None = None) -> int:
    """python -m bench.search --library COPY [--reps 3] [--cold] [--engine ...] [--json OUT]."""
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--library", type=Path, required=True, help="a copy: it may be migrated")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--engine", nargs="+", default=["whoosh", "fts5"])
    parser.add_argument("--fts", type=Path, help="FTS5 database to build once and reuse")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--cold", action="store_true", help="keep no postings between searches (no cache)"
    )
    ns = parser.parse_args(argv)
    if ns.cold:
        from reader.core import index_rank

        index_rank.Ranker.recent_postings = 0  # where the ranker has a cache at all
    out: dict[str, Any] = {}
    if "whoosh" in ns.engine:
        out["whoosh"] = whoosh(ns.library, ns.reps)
    if "fts5" in ns.engine:
        cache = ns.fts or ns.library.with_name(ns.library.name + "-fts.sqlite")
        out["fts5"] = fts5(ns.library, cache, ns.reps)
    for mode in MODES:
        cells = [mode]
        for engine, res in out.items():
            cells.append(
                f"{engine} p50 {res[mode]['p50_cpu_ms']:.1f} p95 {res[mode]['p95_cpu_ms']:.1f}"
            )
        if len(out) == 2:
            ratio = out["whoosh"][mode]["p95_cpu_ms"] / out["fts5"][mode]["p95_cpu_ms"]
            cells.append(f"p95 ratio {ratio:.2f}x")
        print(" | ".join(cells), "(CPU ms)")
    for engine, res in out.items():
        slowest = sorted(res["limit50"]["cpu_ms_by_query"].items(), key=lambda kv: -kv[1])[:4]
        print(
            engine, "slowest (limit 50, CPU ms):", ", ".join(f"{q} {ms:.1f}" for q, ms in slowest)
        )
    if "whoosh" in out:
        print(f"first search (CPU ms): {out['whoosh']['first_query_cpu_ms']:.0f}", file=sys.stderr)
    if ns.json:
        ns.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
