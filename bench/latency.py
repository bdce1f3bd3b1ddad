"""Key-to-frame latency of the real main window on an N-paper library (not a test)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.latency_lib import build, cached_library, default_cache, log, working_copy
from bench.run import percentile

# The actions the JSON must carry, in the order the table prints them.
ACTIONS = ("j", "star", "queue", "queue_x5_settled", "undo", "search", "view")


def summarise(samples: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """p50/p95 (nearest rank) and the sample count per action."""
    return {
        name: {
            "p50_ms": percentile(values, 50),
            "p95_ms": percentile(values, 95),
            "max_ms": max(values),
            "n": len(values),
        }
        for name, values in samples.items()
    }


def measure_window(folder: Path, repeat: int, only: list[str] | None) -> dict[str, Any]:
    """In this process: open the window on folder, press every key `repeat` times."""
    from bench.latency_actions import run_actions
    from bench.latency_window import Bench, isolated_settings, rss
    from reader.ui import startup

    settings = isolated_settings()
    bench = Bench(startup.application(), folder)
    try:
        result: dict[str, Any] = bench.open()
        samples = run_actions(bench, repeat, only)
        result.update(rss())
    finally:
        bench.close()
        settings.cleanup()
    result["samples"] = samples
    return result


def run(n: int, repeat: int, cache: Path, only: list[str] | None) -> dict[str, Any]:
    """Build or reuse the library, copy it, measure the window in a fresh subprocess."""
    cached = cached_library(n, cache)
    with tempfile.TemporaryDirectory(prefix="reader-latency-") as tmp:
        folder = working_copy(cached, Path(tmp) / "lib")
        out = Path(tmp) / "window.json"
        log(f"{n}: opening the window ({repeat} rounds of every action)")
        cmd = [sys.executable, "-m", "bench.latency", "--window", str(folder)]
        cmd += ["--repeat", str(repeat), "--json", str(out)]
        cmd += ["--only", *only] if only else []
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        subprocess.run(cmd, check=True, env=env)
        raw = json.loads(out.read_text())
    result = {"papers": n, **{k: v for k, v in raw.items() if k != "samples"}}
    result["repeat"] = repeat
    result["actions"] = summarise(raw["samples"])
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    result["samples"] = raw["samples"]
    return result


def print_table(result: dict[str, Any]) -> None:
    """A plain table on stdout."""
    print(f"{result['papers']:,} papers (load average {result['load_average']})")
    print(f"  window start -> first rows painted  {result['first_rows_ms']:9.1f} ms")
    print(f"  window start -> settled             {result['start_settled_ms']:9.1f} ms")
    print(f"  peak RSS {result['rss_mb']:.0f} MiB (now {result['rss_now_mb']:.0f} MiB)")
    print(f"  {'action':24} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'n':>4}")
    for name, s in result["actions"].items():
        row = f"{s['p50_ms']:9.1f} {s['p95_ms']:9.1f} {s['max_ms']:9.1f} {s['n']:4d}"
        print(f"  {name:24} {row}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.latency", description=__doc__)
    parser.add_argument("--papers", type=int, default=1000, help="library size")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of every action")
    parser.add_argument("--json", type=Path, help="save the figures (and every sample) here")
    parser.add_argument(
        "--cache", type=Path, default=default_cache(), help="where built libraries are kept"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=("move", "triage", "quick", "search", "view"),
        help="run only these groups of actions (e.g. to profile one)",
    )
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--window", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """python -m bench.latency --papers N [--repeat R] [--json OUT] [--cache DIR]."""
    ns = parse_args(argv)
    if ns.build is not None:
        build(ns.papers, ns.build)
        return 0
    if ns.window is not None:
        ns.json.write_text(json.dumps(measure_window(ns.window, ns.repeat, ns.only)))
        return 0
    result = run(ns.papers, ns.repeat, ns.cache, ns.only)
    print_table(result)
    if ns.json:
        ns.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
