"""Import benchmark: 10k papers as an arXiv Atom file and a BibTeX file into an empty library.

Each format runs in a fresh library; the Hugging Face page of the same records is the
baseline measured in the same run. Figures: parse, import into SQLite (the transaction a
user waits for), and the search index catching up afterwards (what runs in the background).
Papers/s are from CPU seconds (the process's own time): on a shared machine wall time
measures the neighbours. Wall figures are in the --json output.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import WRITERS, generate_records
from reader.core.library import Library
from reader.feeds.files import read_feed

FORMATS = ("hf-page", "arxiv-atom", "bibtex")


def _timed(fn: Callable[..., Any], *args: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return time.process_time() - cpu, time.perf_counter() - wall, result


def _one(fmt: str, records: list, folder: Path) -> dict[str, float]:
    feed = folder / f"feed.{fmt}"
    WRITERS[fmt](records, feed)
    parse_cpu, parse_wall, parsed = _timed(read_feed, feed)
    lib = Library(folder / f"lib-{fmt}")
    try:
        lib.before_big_import = lambda count, source: None  # type: ignore[method-assign]
        source = f"{parsed.kind}:{feed.name}"
        sql_cpu, sql_wall, report = _timed(
            lambda: lib.import_records(parsed.records, source, kind=parsed.kind, sync=False)
        )
        index_cpu, index_wall, _ = _timed(lib.sync_index)
    finally:
        lib.close()
    n = report.new
    return {
        "papers": n,
        "parse_pps": n / parse_cpu,
        "sqlite_pps": n / sql_cpu,
        "parse_and_sqlite_pps": n / (parse_cpu + sql_cpu),
        "index_catch_up_s": index_cpu,
        "wall_parse_s": parse_wall,
        "wall_sqlite_s": sql_wall,
        "wall_index_s": index_wall,
        "size_mb": feed.stat().st_size / 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    """python -m bench.import_bench [--papers N] [--repeat K] [--json OUT]."""
    parser = argparse.ArgumentParser(prog="python -m bench.import_bench", description=__doc__)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path)
    ns = parser.parse_args(argv)
    records = generate_records(ns.papers)
    runs: dict[str, list[dict[str, float]]] = {fmt: [] for fmt in FORMATS}
    for rep in range(ns.repeat):
        for fmt in FORMATS:  # interleaved, so machine load falls on every format alike
            with tempfile.TemporaryDirectory() as tmp:
                runs[fmt].append(_one(fmt, records, Path(tmp)))
            print(f"[import_bench] run {rep + 1} {fmt}: {runs[fmt][-1]}", file=sys.stderr)
    base = _median(runs["hf-page"], "parse_and_sqlite_pps")
    print("| format | file MB | parse p/s | SQLite p/s | parse+SQLite | vs HF page | index CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for fmt in FORMATS:
        total = _median(runs[fmt], "parse_and_sqlite_pps")
        print(
            f"| {fmt} | {runs[fmt][0]['size_mb']:.1f} | {_median(runs[fmt], 'parse_pps'):,.0f} | "
            f"{_median(runs[fmt], 'sqlite_pps'):,.0f} | {total:,.0f} | {total / base:.2f}× | "
            f"{_median(runs[fmt], 'index_catch_up_s'):.1f} |"
        )
    if ns.json:
        ns.json.write_text(json.dumps(runs, indent=2))
    return 0


def _median(runs: list[dict[str, float]], key: str) -> float:
    values = sorted(r[key] for r in runs)
    return values[len(values) // 2]


if __name__ == "__main__":
    raise SystemExit(main())
