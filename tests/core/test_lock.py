"""LibraryLock across real processes: held while alive, free after a crash."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from reader.core.lock import LibraryLock

HOLD = "import sys, time; from pathlib import Path; from reader.core.lock import LibraryLock\n"
HOLD += "lock = LibraryLock(Path(sys.argv[1])); assert lock.acquire(); print('held', flush=True)\n"
HOLD += "time.sleep(60)\n"


def test_second_holder_is_refused_until_the_first_dies(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        lock = LibraryLock(tmp_path)
        assert not lock.acquire()
        assert lock.holder() == proc.pid
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    # The crashed holder left its file behind; the lock itself is gone.
    assert (tmp_path / "reader.lock").exists()
    assert lock.acquire()
    lock.release()


def test_release_and_reacquire(tmp_path: Path) -> None:
    first, second = LibraryLock(tmp_path), LibraryLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()
