"""LibraryLock: one GUI per library. The OS drops the lock when its process dies."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

LOCK_NAME = "reader.lock"


class LibraryLock:
    """An exclusive, non-blocking lock on `<library>/reader.lock`.

    flock (or msvcrt on Windows) is tied to the open file, so a crashed process leaves a
    stale file but never a stale lock: the next start simply takes it.
    """

    def __init__(self, folder: Path, name: str = LOCK_NAME) -> None:
        self.path = Path(folder) / name
        self._file: IO[str] | None = None

    def acquire(self, *, wait: bool = False) -> bool:
        """Take the lock; False when another live process holds it (wait: block until free)."""
        if self.path.parent.is_dir() and not os.access(self.path.parent, os.W_OK):
            return self._acquire_readonly(wait)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held while locked
        try:
            _lock(handle, wait)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle
        return True

    def _acquire_readonly(self, wait: bool) -> bool:
        # A read-only folder: lock the existing file without writing it, or go without
        # (a window on a read-only library changes nothing another could trip over).
        try:
            handle = open(self.path, encoding="utf-8")  # noqa: SIM115 - held while locked
        except OSError:
            return True
        try:
            _lock(handle, wait)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def holder(self) -> int | None:
        """The pid written by the process holding (or last holding) the lock."""
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def release(self) -> None:
        """Give the lock up (closing the file releases it)."""
        if self._file is not None:
            self._file.close()
            self._file = None


def _lock(handle: IO[str], wait: bool) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
