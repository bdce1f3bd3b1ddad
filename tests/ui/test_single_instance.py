"""One GUI per library: a second start raises the first; a crashed holder frees the library."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.ui.single_instance import SingleInstance

HOLD = (
    "import sys, time; from pathlib import Path; from reader.core.lock import LibraryLock\n"
    "lock = LibraryLock(Path(sys.argv[1])); assert lock.acquire(); print('held', flush=True)\n"
    "time.sleep(120)\n"
)


def _reader(*args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_second_start_raises_the_running_window(qtbot: QtBot, tmp_path: Path) -> None:
    library = tmp_path / "lib"
    running = SingleInstance(library)  # what the first GUI holds
    assert running.acquire()
    try:
        with qtbot.waitSignal(running.activated, timeout=30000):
            second = subprocess.Popen(
                [sys.executable, "-m", "reader", "gui", "--library", str(library)],
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            )
        _, err = second.communicate(timeout=60)
        assert second.returncode == 0
        assert "already open" in err and "front" in err
        assert not (library / "library.sqlite").exists()  # it never opened the database
    finally:
        running.release()


def test_screenshot_on_a_library_in_use_is_refused(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    running = SingleInstance(library)
    assert running.acquire()
    try:
        result = _reader("gui", "--library", str(library), "--screenshot", str(tmp_path / "s.png"))
        assert result.returncode == 1
        assert f"process {os.getpid()}" in result.stderr
    finally:
        running.release()


def test_a_crashed_holder_does_not_block_the_next_start(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(library)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    shot = tmp_path / "shot.png"
    result = _reader("gui", "--library", str(library), "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check is Linux's")
def test_without_a_display_the_window_explains_and_screenshots_still_work(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    lib = str(tmp_path / "lib")
    run = [sys.executable, "-m", "reader", "gui", "--library", lib]
    plain = subprocess.run(run, capture_output=True, text=True, env=env, timeout=60)
    assert plain.returncode == 1 and "no display" in plain.stderr
    shot = tmp_path / "s.png"
    ok = subprocess.run(
        [*run, "--screenshot", str(shot)], capture_output=True, text=True, env=env, timeout=90
    )
    assert ok.returncode == 0, ok.stderr
    assert shot.stat().st_size > 10_000
