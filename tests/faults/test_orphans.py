"""A killed rebuild leaves no worker processes and no build folder behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faulthelp import run_reader

from bench.killloop import alive, children

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _kill_mid_rebuild(folder: Path, *command: str) -> set[int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", *command, "--library", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while not workers:
        assert proc.poll() is None, "the rebuild ended before its workers were seen"
        assert time.monotonic() < deadline
        workers = children(proc.pid)
        time.sleep(0.02)
    time.sleep(0.3)  # let the workers take documents
    workers |= children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return workers


def test_killed_reindex_leaves_no_worker_and_next_open_cleans_up(big_library: Path) -> None:
    workers = _kill_mid_rebuild(big_library, "reindex")
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [w for w in workers if alive(w)]
    for pid in survivors:  # never leave them behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "index workers outlived their parent"
    assert (big_library / "index.new").exists()  # what the killed build left
    started = time.monotonic()
    check = run_reader("check", "--library", str(big_library))
    seconds = time.monotonic() - started
    assert check.returncode == 0, check.stdout + check.stderr
    assert not (big_library / "index.new").exists()
    # The live index was never touched: nothing to rebuild, so check stays quick.
    assert seconds < 30, f"check took {seconds:.1f} s after an interrupted rebuild"
