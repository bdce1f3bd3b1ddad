"""Benchmark runner: import, index build, search latency and memory, with FTS5 alongside."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import fts
from bench.generate import generate_records
from bench.report import print_table, summarise
from reader.core import queries
from reader.core.db import transaction
from reader.core.importer import ImportReport
from reader.core.library import Library
from reader.core.models import PaperRecord, Status

LIMITS: dict[str, int | None] = {"limit50": 50, "all": None}
# Each search mode: (sort, limit). "date50" is the window's default order, cut to 50.
MODES: dict[str, tuple[str, int | None]] = {
    "limit50": ("relevance", 50),
    "all": ("relevance", None),
    "date50": ("date", 50),
}


def log(message: str) -> None:
    """Progress goes to stderr so stdout stays the table."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    """Seconds fn(*args) took, and what it returned."""
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def cpu_timed(fn: Callable[..., Any], *args: Any) -> tuple[float, float, Any]:
    """Wall and CPU seconds of this process fn(*args) took, and what it returned. On a
    shared machine the CPU time is the figure that does not measure the neighbours."""
    cpu, start = time.process_time(), time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, time.process_time() - cpu, result


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def import_sqlite(lib: Library, records: list[PaperRecord]) -> ImportReport:
    """The SQLite half of Library.import_records: the merge and its log, one transaction."""
    lib.before_big_import = lambda count, source: None  # time the import, not a backup
    return lib.import_records(records, "bench:generated", sync=False)


def mark_user_data(lib: Library) -> None:
    """Tag 2% of papers 'survey' and star 5%, so tag: and is:starred have hits."""
    ids = [r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id")]
    lib.add_tags(ids[::50], ["survey"])
    lib.set_starred(ids[::20], True)


def latencies(search: Callable[[str, str, int | None], int], texts: list[str], reps: int) -> dict:
    """p50/p95 (ms, wall and CPU) over reps x queries, per mode, after one warm-up pass;
    hit counts, and each query's median CPU time."""
    out: dict[str, Any] = {}
    for mode, (sort, limit) in MODES.items():
        hits = [search(q, sort, limit) for q in texts]
        samples, cpu = [], []
        per_query: dict[str, list[float]] = {q: [] for q in texts}
        for _ in range(reps):
            for text in texts:
                seconds, cpu_s, _ = cpu_timed(search, text, sort, limit)
                samples.append(seconds * 1000)
                cpu.append(cpu_s * 1000)
                per_query[text].append(cpu_s * 1000)
        out[mode] = {
            "p50_ms": percentile(samples, 50),
            "p95_ms": percentile(samples, 95),
            "max_ms": max(samples),
            "p50_cpu_ms": percentile(cpu, 50),
            "p95_cpu_ms": percentile(cpu, 95),
            "hits": hits,
            "cpu_ms_by_query": {q: percentile(v, 50) for q, v in per_query.items()},
        }
    return out


def whoosh_phase(lib: Library, reps: int) -> dict:
    """Search latency through SearchIndex.search, as the CLI and GUI call it."""
    texts = [q[1] for q in fts.QUERIES]
    first, _ = timed(lambda: lib.index.search(texts[0], limit=50))
    result = latencies(
        lambda q, sort, n: len(lib.index.search(q, sort=sort, limit=n).ids), texts, reps
    )
    result["first_query_ms"] = first * 1000
    return result


def triage_phase(lib: Library, keys: int = 20) -> dict:
    """One star or queue key as the window's writer runs it: the write and its index sync."""
    ids = [r[0] for r in lib.conn.execute("SELECT id FROM papers ORDER BY id LIMIT ?", (keys,))]
    wall, cpu = [], []
    for n, paper in enumerate(ids):
        if n % 2:
            seconds, cpu_s, _ = cpu_timed(lib.set_status, [paper], Status.QUEUED)
        else:
            seconds, cpu_s, _ = cpu_timed(lib.set_starred, [paper], True)
        wall.append(seconds * 1000)
        cpu.append(cpu_s * 1000)
    return {
        "p50_ms": percentile(wall, 50),
        "p95_ms": percentile(wall, 95),
        "p50_cpu_ms": percentile(cpu, 50),
        "p95_cpu_ms": percentile(cpu, 95),
    }


def fts_phase(lib: Library, folder: Path, reps: int) -> dict:
    """Build the FTS5 reference from the same SQLite rows and time the same queries."""
    conn = fts.open_fts(folder / "fts.sqlite")
    build_s, build_cpu_s, count = cpu_timed(lambda: fts.build(conn, queries.iter_papers(lib.conn)))
    texts = [q[2] for q in fts.QUERIES]
    result = latencies(lambda q, sort, n: len(fts.search(conn, q, n, sort)), texts, reps)
    conn.close()
    result["build_s"] = build_s
    result["build_pps"] = count / build_s
    result["build_cpu_pps"] = count / build_cpu_s
    return result


def run_one(
    n: int, reps: int, folder: Path, *, sync: bool = True, citekey_index: bool = False
) -> dict:
    """Every measurement for one corpus size, in this process."""
    res: dict[str, Any] = {"papers": n, "sync": sync, "citekey_index": citekey_index}
    res["generate_s"], records = timed(generate_records, n)
    res["rss_after_generate_mb"] = rss_mb()
    log(f"{n}: generated in {res['generate_s']:.1f}s; importing into SQLite")
    lib = Library(folder)
    if citekey_index:  # the fix the report recommends; lets a 100k import finish in time
        lib.conn.execute("CREATE INDEX bench_citekey_nocase ON papers(citekey COLLATE NOCASE)")
    res["import_sqlite_s"], report = timed(import_sqlite, lib, records)
    res["outbox_rows"] = lib.pending_index_changes()
    log(f"{n}: {report.summary()} in {res['import_sqlite_s']:.1f}s; index sync: {sync}")
    if sync:
        res["import_index_s"], _ = timed(lib.sync_index)
        res["import_total_pps"] = n / (res["import_sqlite_s"] + res["import_index_s"])
    else:  # the reindex below rebuilds everything; drop the outbox so nothing syncs it first
        with transaction(lib.db) as conn:
            conn.execute("DELETE FROM index_outbox")
    res["rss_after_import_mb"] = rss_mb()
    records.clear()
    mark_user_data(lib)
    res["load_papers_s"], _ = timed(lambda: sum(1 for _ in queries.iter_papers(lib.conn)))
    log(f"{n}: imported; rebuilding the index (reindex)")
    res["reindex_s"], res["reindex_cpu_s"], count = cpu_timed(lib.reindex)
    res["rss_after_reindex_mb"] = rss_mb()
    log(f"{n}: reindexed {count} in {res['reindex_s']:.1f}s; searching")
    res["whoosh"] = whoosh_phase(lib, reps)
    res["triage"] = triage_phase(lib)
    res["rss_after_search_mb"] = rss_mb()
    log(f"{n}: building FTS5 reference")
    res["fts5"] = fts_phase(lib, folder, reps)
    lib.close()
    res["import_sqlite_pps"] = n / res["import_sqlite_s"]
    res["reindex_pps"] = n / res["reindex_s"]
    res["reindex_cpu_pps"] = n / res["reindex_cpu_s"]
    res["peak_rss_mb"] = rss_mb()
    return res


def child(n: int, reps: int, ns: argparse.Namespace) -> dict:
    """Run one size in a fresh subprocess (fresh temp folder, clean peak RSS)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    cmd = [sys.executable, "-m", "bench.run", "--one", str(n), "--reps", str(reps)]
    cmd += ["--skip-sync"] if ns.skip_sync else []
    cmd += ["--citekey-index"] if ns.citekey_index else []
    subprocess.run([*cmd, "--json", str(out)], check=True)
    result = json.loads(out.read_text())
    out.unlink()
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; medians shown")
    parser.add_argument("--reps", type=int, default=0, help="search repetitions per query")
    parser.add_argument("--json", type=Path, help="save all results here")
    parser.add_argument(
        "--skip-sync", action="store_true", help="skip the outbox index sync after import"
    )
    parser.add_argument(
        "--citekey-index",
        action="store_true",
        help="add a NOCASE index on papers.citekey first (the recommended importer fix)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """python -m bench.run [--papers 1000 10000 100000] [--repeat K] [--json OUT]."""
    ns = parse_args(argv)
    if ns.one is not None:
        with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
            result = run_one(
                ns.one,
                ns.reps or 5,
                Path(tmp),
                sync=not ns.skip_sync,
                citekey_index=ns.citekey_index,
            )
        ns.json.write_text(json.dumps(result, indent=1))
        return 0
    runs: dict[int, list[dict]] = {}
    for n in ns.papers:
        reps = ns.reps or (5 if n <= 10000 else 3)
        runs[n] = [child(n, reps, ns) for _ in range(ns.repeat)]
    summary = {n: summarise(results) for n, results in runs.items()}
    print_table(summary)
    if ns.json:
        ns.json.write_text(json.dumps({"summary": summary, "runs": runs}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
