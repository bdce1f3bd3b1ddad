"""The window latency benchmark still runs end to end and reports every figure (not timed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = ("j", "star", "queue", "queue_x5_settled", "undo", "search", "view")


def test_latency_benchmark_reports_every_action_at_200_papers(tmp_path: Path) -> None:
    out = tmp_path / "latency.json"
    cmd = [sys.executable, "-m", "bench.latency", "--papers", "200", "--repeat", "2"]
    cmd += ["--cache", str(tmp_path / "cache"), "--json", str(out)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["papers"] == 200
    assert result["first_rows_ms"] > 0
    assert result["rss_mb"] > 0
    for name in ACTIONS:
        figures = result["actions"][name]
        assert figures["p50_ms"] > 0, name
        assert figures["p95_ms"] >= figures["p50_ms"], name
    assert result["actions"]["search"]["n"] == 6  # 1-, 2- and 3-word queries, twice each
    assert "Peak RSS" in done.stdout or "peak RSS" in done.stdout
