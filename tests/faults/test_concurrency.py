"""Several processes write at once: nothing lost, and the index ends exactly up to date."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from faulthelp import Run

CHURN = Path(__file__).with_name("churn.py")
WORKERS, OPS = 4, 100


def test_concurrent_writers_leave_the_index_exact(
    cli: Callable[..., Run], sample_library: Path
) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, str(CHURN), str(sample_library), str(w), str(OPS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WORKERS)
    ]
    tagged: dict[str, int] = {}
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert "locked" not in err
        tagged.update((t, int(p)) for t, p in (line.split() for line in out.splitlines()))
    assert len(tagged) == WORKERS * OPS // 4
    check = cli("check", "--library", str(sample_library))
    assert check.returncode == 0, check.stdout
    assert check.stdout.startswith(f"{107 + WORKERS * OPS // 4} papers")
    for tag, paper in tagged.items():
        found = cli("search", f"tag:{tag}", "--json", "--library", str(sample_library))
        assert [p["id"] for p in json.loads(found.stdout)] == [paper], tag
