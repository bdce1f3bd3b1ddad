"""Where the window's memory goes: RSS (and optionally tracemalloc) per stage of a session.

python -m bench.latency_memory --papers 20000 [--trace] [--cache DIR] [--json OUT]

Opens the real window on a copy of the latency benchmark's cached library (as
bench.latency does) and reports, for each stage (window built, first rows, start settled,
a search, a star and its index catch-up, view switches, moves), the resident set size at
its end and its peak during the stage (sampled every 5 ms by a thread), plus the peak of
every child process the window started. --trace adds tracemalloc's peak per stage and the
lines that hold the most memory at its end (slow: for finding, not timing).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.latency_lib import cached_library, default_cache, log, working_copy

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_now() -> float:
    """This process's resident set size, MiB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * PAGE / 2**20


class Sampler:
    """A thread that keeps the highest RSS seen since the last mark."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="rss-sampler")
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss_now())

    def take(self) -> float:
        """The peak since the last take (then start again from now)."""
        peak, self.peak = max(self.peak, rss_now()), rss_now()
        return peak

    def stop(self) -> None:
        self._stop.set()


class Stages:
    """Stage name -> RSS at its end, its peak, and (with --trace) Python's own figures."""

    def __init__(self, trace: bool) -> None:
        self.trace = trace
        self.sampler = Sampler()
        self.rows: list[dict[str, Any]] = []
        self.t0 = time.perf_counter()
        if trace:
            import tracemalloc

            tracemalloc.start(1)

    def mark(self, name: str) -> None:
        row: dict[str, Any] = {
            "stage": name,
            "at_s": round(time.perf_counter() - self.t0, 2),
            "rss_mb": round(rss_now(), 1),
            "peak_mb": round(self.sampler.take(), 1),
            "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
        if self.trace:
            import tracemalloc

            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            row["py_mb"], row["py_peak_mb"] = round(current / 2**20, 1), round(peak / 2**20, 1)
            top = tracemalloc.take_snapshot().statistics("lineno")[:8]
            row["top"] = [f"{s.size / 2**20:7.1f} MiB {s.traceback[0]}" for s in top]
        self.rows.append(row)
        log(f"{name}: rss {row['rss_mb']} MiB, peak {row['peak_mb']} MiB")


def session(folder: Path, trace: bool) -> dict[str, Any]:
    """In this process: open the window and walk through the stages."""
    from PySide6.QtCore import Qt

    from bench.latency_actions import search, triage, view
    from bench.latency_window import Bench, isolated_settings, key
    from reader.ui import startup

    stages = Stages(trace)
    settings = isolated_settings()
    bench = Bench(startup.application(), folder)
    stages.mark("Qt and imports")
    try:
        bench.open()
        stages.mark("start: first rows, library open, settled")
        rank = bench.win.controllers.rank
        bench.pump(rank.idle, "the similar papers of the first paper", timeout=900)
        stages.mark("similar papers of the first paper (ranking vectors)")
        search(bench, "transformer")
        stages.mark("first search (finder opens the index)")
        search(bench, "diffusion image generation")
        stages.mark("second search")
        triage(bench, "s")
        bench.pump(lambda: not bench.busy(), "the index catch-up")
        stages.mark("star + index catch-up (writer opens the index)")
        triage(bench, "q")
        bench.pump(rank.idle, "the ranking thread", timeout=900)
        stages.mark("queue + catch-up + retrain")
        for second in ("i", "p"):
            view(bench, second)
        stages.mark("view switches")
        for _ in range(5):
            key(bench.win.table, "j")
            bench.settle(time.perf_counter())
        bench.pump(rank.idle, "the ranking thread", timeout=900)
        bench.win.table.setFocus(Qt.FocusReason.OtherFocusReason)
        stages.mark("five j (similar papers each)")
    finally:
        bench.close()
        settings.cleanup()
    stages.sampler.stop()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"stages": stages.rows, "children_maxrss_mb": round(children, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.latency_memory", description=__doc__)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--cache", type=Path, default=default_cache())
    parser.add_argument("--trace", action="store_true", help="tracemalloc per stage (slow)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--window", type=Path, help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    if ns.window is not None:
        ns.json.write_text(json.dumps(session(ns.window, ns.trace)))
        return 0
    cached = cached_library(ns.papers, ns.cache)
    with tempfile.TemporaryDirectory(prefix="reader-memory-") as tmp:
        folder = working_copy(cached, Path(tmp) / "lib")
        out = Path(tmp) / "memory.json"
        cmd = [sys.executable, "-m", "bench.latency_memory", "--window", str(folder)]
        cmd += ["--json", str(out)] + (["--trace"] if ns.trace else [])
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        subprocess.run(cmd, check=True, env=env)
        result = {"papers": ns.papers, **json.loads(out.read_text())}
    for row in result["stages"]:
        print(f"{row['stage']:55} {row['rss_mb']:7.0f} MiB  peak {row['peak_mb']:7.0f} MiB")
        for line in row.get("top", []):
            print(f"      {line}")
    print(f"children's peak RSS: {result['children_maxrss_mb']:.0f} MiB")
    if ns.json:
        ns.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
