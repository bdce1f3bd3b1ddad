"""The last resort for notes: what the database would not take goes to files, verified."""

from __future__ import annotations

import errno
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)
RESCUE_DIR = "unsaved-notes"


def write_verified(path: Path, text: str) -> None:
    """Write a new file, fsync it and its folder, and check its size on disk.

    On any failure (a full disk, a file size limit) the partial file is removed and OSError
    raised: a rescue copy that is not all there must never look like one.
    """
    data = text.encode("utf-8")
    try:
        with open(path, "wb", buffering=0) as out:
            view = memoryview(data)
            while view:
                view = view[out.write(view) or 0 :]
            os.fsync(out.fileno())  # a full disk may only say so here
        size = path.stat().st_size
        if size != len(data):
            raise OSError(errno.EIO, f"wrote {size} of {len(data)} bytes", str(path))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse a folder fsync; the file itself is synced
    finally:
        os.close(fd)


def rescue_places(library: Path) -> list[Path]:
    """Where rescue copies go, in order: the library, then places on other disks, likely."""
    return [
        library / RESCUE_DIR,
        Path.home() / "reader-unsaved-notes",
        Path(tempfile.gettempdir()) / "reader-unsaved-notes",
    ]


@dataclass
class Rescue:
    """What became of each note: its verified file, or why no place would take it."""

    saved: dict[int, Path] = field(default_factory=dict)
    failed: dict[int, str] = field(default_factory=dict)


def rescue_notes(library: Path, notes: dict[int, str], places: list[Path] | None = None) -> Rescue:
    """Write each note to <place>/paper-<id>-<time>.md in the first place that takes it."""
    result = Rescue()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for pid, body in notes.items():
        errors = []
        for place in places if places is not None else rescue_places(library):
            path = place / f"paper-{pid}-{stamp}.md"
            try:
                place.mkdir(parents=True, exist_ok=True)
                write_verified(path, body)
            except OSError as exc:
                errors.append(f"{place}: {exc.strerror or exc}")
                continue
            result.saved[pid] = path
            log.error(
                "could not store the note on paper %d in the library; saved it as %s", pid, path
            )
            break
        else:
            result.failed[pid] = "; ".join(errors)
            log.critical(
                "the note on paper %d could not be saved anywhere (%s)", pid, result.failed[pid]
            )
    return result
