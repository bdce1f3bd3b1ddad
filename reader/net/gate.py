"""arXiv politeness across threads and processes: one request at a time, spaced by a delay."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

GATE_NAME = "arxiv.gate"
_POLL = 0.05


class Cancelled(Exception):
    """The user cancelled; whatever was in flight stops, nothing half-done is kept."""


def sleep_unless(seconds: float, cancelled: Callable[[], bool] | None) -> None:
    """Sleep, waking every 50 ms to honour a cancel."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        if cancelled is not None and cancelled():
            raise Cancelled()
        time.sleep(min(left, _POLL))


class ArxivGate:
    """A lock file in the library folder that holds the time the last arXiv request ended.

    Every arXiv request (API or RSS, any thread, any Reader process on this library) runs
    while holding an exclusive flock on the file, and starts no sooner than `delay` seconds
    after the previous one finished. flock is tied to the open file, so a crashed process
    never leaves the gate shut.
    """

    def __init__(self, folder: Path, delay: float) -> None:
        self.path = Path(folder) / GATE_NAME
        self.delay = delay

    @contextmanager
    def turn(self, cancelled: Callable[[], bool] | None = None) -> Iterator[None]:
        """Wait for our turn, run the request inside, then stamp the time it ended."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+b") as handle:
            _lock(handle, cancelled)
            handle.seek(0)
            last = _read_stamp(handle.read())
            # A clock set backwards must not make us wait longer than one delay.
            wait = min(last + self.delay - time.time(), self.delay)
            if wait > 0:
                sleep_unless(wait, cancelled)
            try:
                yield
            finally:
                handle.seek(0)
                handle.truncate()
                handle.write(f"{time.time():.6f}".encode())
                handle.flush()
                os.fsync(handle.fileno())


def _read_stamp(data: bytes) -> float:
    try:
        return float(data.decode("ascii").strip() or 0)
    except (UnicodeDecodeError, ValueError):
        return 0.0


def _lock(handle: IO[bytes], cancelled: Callable[[], bool] | None) -> None:
    # Polling a non-blocking lock keeps a waiting refresh cancellable.
    while True:
        try:
            _try_lock(handle)
            return
        except OSError:
            sleep_unless(_POLL, cancelled)


def _try_lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
