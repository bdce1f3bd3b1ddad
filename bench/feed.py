"""End-to-end time of the bundled sample feed: `reader import` as a process and in-process."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reader.core.library import Library
from reader.feeds.files import parse_bytes

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample-feed.txt"


def cli_seconds(*args: str) -> float:
    """Wall time of one `python -m reader ...` process."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reader", *args], check=True, capture_output=True)
    return time.perf_counter() - start


def in_process_seconds(folder: Path) -> dict[str, float]:
    """Parse, open a fresh library, import and run the first search, each timed."""
    marks = [time.perf_counter()]
    parsed = parse_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    marks.append(time.perf_counter())
    lib = Library(folder)
    marks.append(time.perf_counter())
    lib.import_records(parsed.records, "bench")
    marks.append(time.perf_counter())
    hits = lib.index.search("diffusion", limit=None)
    marks.append(time.perf_counter())
    lib.close()
    assert hits.total > 0
    names = ("parse", "open", "import", "first_search")
    out = {name: marks[i + 1] - marks[i] for i, name in enumerate(names)}
    out["total"] = marks[-1] - marks[0]
    return out


def measure(repeat: int) -> dict[str, float]:
    """Medians over repeat fresh library folders."""
    runs: list[dict[str, float]] = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="reader-feed-") as tmp:
            lib = str(Path(tmp) / "lib")
            row = {"cli_import": cli_seconds("--library", lib, "import", str(SAMPLE))}
            row["cli_search"] = cli_seconds("--library", lib, "search", "diffusion")
            row |= {f"inproc_{k}": v for k, v in in_process_seconds(Path(tmp) / "lib2").items()}
            runs.append(row)
    row = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    row["cli_startup"] = statistics.median(cli_seconds("--version") for _ in range(repeat))
    return row


def main(argv: list[str] | None = None) -> int:
    """python -m bench.feed [--repeat N]: the goal is import + searchable in under 1 s."""
    parser = argparse.ArgumentParser(prog="python -m bench.feed", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    result = measure(parser.parse_args(argv).repeat)
    for key, seconds in result.items():
        print(f"{key:<22} {seconds * 1000:8.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
