"""Parse speed of the feed formats on the same synthetic corpus (parsing only, no SQLite)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import WRITERS, generate_records
from reader.feeds import parse_feed

FORMATS = ("hf-page", "arxiv-atom", "bibtex")


def parse_seconds(data: bytes, repeat: int) -> tuple[float, int]:
    """Median CPU seconds of parse_feed(data) over repeat runs, and the record count.

    CPU time, not wall time: on a machine shared with other jobs the wall clock measures
    the neighbours as much as the parser (parsing is single-threaded and does no I/O).
    """
    times, count = [], 0
    for _ in range(repeat):
        start = time.process_time()
        count = len(parse_feed(data).records)
        times.append(time.process_time() - start)
    return statistics.median(times), count


def measure(
    papers: int, repeat: int, formats: tuple[str, ...]
) -> list[tuple[str, float, int, int]]:
    """(format, seconds, records, bytes) per format, files written to a temp folder."""
    records = generate_records(papers)
    rows = []
    with tempfile.TemporaryDirectory(prefix="reader-parse-") as tmp:
        for fmt in formats:
            path = Path(tmp) / f"feed.{fmt}"
            WRITERS[fmt](records, path)
            data = path.read_bytes()
            seconds, count = parse_seconds(data, repeat)
            rows.append((fmt, seconds, count, len(data)))
            print(f"[bench] {fmt}: {seconds:.2f} s", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    """python -m bench.parse [--papers N] [--repeat K] [--formats ...]."""
    parser = argparse.ArgumentParser(prog="python -m bench.parse", description=__doc__)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    ns = parser.parse_args(argv)
    rows = measure(ns.papers, ns.repeat, tuple(ns.formats))
    base = rows[0][1]
    ratio = f"time / {rows[0][0]}"
    print(f"{'format':<12} {'MB':>6} {'papers':>7} {'CPU s':>8} {'papers/s':>9} {ratio:>16}")
    for fmt, seconds, count, size in rows:
        print(
            f"{fmt:<12} {size / 1e6:6.1f} {count:7d} {seconds:8.2f} "
            f"{count / seconds:9,.0f} {seconds / base:16.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
