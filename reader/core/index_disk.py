"""Index folder housekeeping: the repair lock, leftover build folders, workers tied to parents.

No whoosh here: these are plain files, locks and processes around the index folder.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core.lock import LibraryLock

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
REPAIR_LOCK = "index.repair.lock"


def remove_path(path: Path) -> None:
    """Delete a folder, a file or a symlink at path; nothing there is fine."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


@contextmanager
def repair_lock(library_folder: Path) -> Iterator[None]:
    """Serialise replacing a damaged index between processes (it lives outside index/)."""
    lock = LibraryLock(library_folder, name=REPAIR_LOCK)
    lock.acquire(wait=True)
    try:
        yield
    finally:
        lock.release()


@contextmanager
def parent_pipe() -> Iterator[tuple[int, int]]:
    """A pipe whose write end only this process holds; workers watch the read end.

    When this process dies the kernel closes the write end and every worker sees EOF.
    Closing it at the end of a build also frees workers of a cancelled build, which
    whoosh's own cancel() (it flips a flag in the parent's copy) never reaches.
    """
    read_fd, write_fd = os.pipe()
    try:
        yield read_fd, write_fd
    finally:
        os.close(write_fd)
        os.close(read_fd)


def die_with_parent(read_fd: int, write_fd: int) -> None:
    """Run first in a forked worker: exit as soon as the process that forked it is gone."""
    os.close(write_fd)  # inherited: were it kept open, EOF would never come
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the pipe below still ends us
    # The portable fallback, and the cover for a parent that died before prctl ran.
    threading.Thread(target=_exit_on_eof, args=(read_fd,), daemon=True).start()


def _exit_on_eof(read_fd: int) -> None:
    while True:
        try:
            if not os.read(read_fd, 1):
                break
        except InterruptedError:
            continue
        except OSError:
            break
    os._exit(1)
