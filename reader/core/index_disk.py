"""Index folder housekeeping: the repair lock and leftover build folders.

No whoosh here: these are plain files and locks around the index folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core.lock import LibraryLock

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
