"""A killed rebuild leaves no processes and no build folder behind."""

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
    """SIGKILL the command once its rebuild has started; the processes it had forked."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", *command, "--library", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while not (folder / "index.new").exists():
        assert proc.poll() is None, "the rebuild ended before it was seen"
        assert time.monotonic() < deadline
        workers |= children(proc.pid)
        time.sleep(0.02)
    time.sleep(0.3)  # let the build take documents
    workers |= children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return workers


def test_killed_reindex_leaves_no_worker_and_next_open_cleans_up(big_library: Path) -> None:
    workers = _kill_mid_rebuild(big_library, "reindex")
    survivors = [w for w in workers if alive(w)]
    for pid in survivors:  # never leave them behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "processes outlived the rebuild that started them"
    assert (big_library / "index.new").exists()  # what the killed build left
    started = time.monotonic()
    check = run_reader("check", "--library", str(big_library))
    seconds = time.monotonic() - started
    assert check.returncode == 0, check.stdout + check.stderr
    assert not (big_library / "index.new").exists()
    # The live index was never touched: nothing to rebuild, so check stays quick.
    assert seconds < 30, f"check took {seconds:.1f} s after an interrupted rebuild"


def _cpu(pid: int) -> float:
    """CPU seconds a process has used (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _window(folder: Path, home: Path) -> subprocess.Popen[bytes]:
    """`reader gui` as a user starts it (offscreen, with its own settings)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))
    env.update(XDG_CONFIG_HOME=str(home / "config"), READER_CONFIG_DIR=str(home / "reader"))
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "--library", str(folder), "gui"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
def test_the_ranking_process_ends_with_the_window(
    big_library: Path, tmp_path: Path, signum: signal.Signals
) -> None:
    # The window shows its first paper and looks up its similar papers in the ranking's
    # process, which is busy building the library's vectors when the window goes.
    proc = _window(big_library, tmp_path / "home")
    deadline = time.monotonic() + 120
    helpers: set[int] = set()
    try:
        while max((_cpu(h) for h in helpers), default=0.0) < 0.3:  # started, now working
            assert proc.poll() is None, "the window ended before its ranking process worked"
            assert time.monotonic() < deadline, "no ranking process seen at work"
            helpers |= children(proc.pid)
            time.sleep(0.05)
        proc.send_signal(signum)
        proc.wait(60)
    finally:
        proc.kill()
    # Within moments (the time leaves room for a loaded machine), not once it is idle.
    deadline = time.monotonic() + 3
    while any(alive(h) for h in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [h for h in helpers if alive(h)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "the ranking's process outlived the window"
